/** The Touchpoint command function (the queue stub until widget.js has loaded). */
interface Window {
  touchpoint?: ((command: string, arg?: unknown) => void) & { q?: IArguments[]; loaded?: boolean };
}
