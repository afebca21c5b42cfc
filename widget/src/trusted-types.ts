/**
 * The name of the widget's Trusted Types policy: a site that requires Trusted Types for scripts allows
 * it with `trusted-types touchpoint` in its Content-Security-Policy.
 */
const POLICY = 'touchpoint';

type Policy = { createScriptURL(url: string): unknown };

/** made on first use; tried again on the next chunk where the page refused it (a name not allowed, or taken) */
let policy: Policy | undefined;

/**
 * A script URL the widget made, as a TrustedScriptURL where the browser has Trusted Types (typed as the
 * string that `script.src` takes), else as given. The policy stays in this module, so it passes only
 * the URLs of the widget's own chunks.
 */
export function scriptUrl(url: string): string {
  try {
    policy ||= (
      window as unknown as { trustedTypes: { createPolicy(name: string, rules: object): Policy } }
    ).trustedTypes.createPolicy(POLICY, { createScriptURL: (u: string) => u });
  } catch {
    /* no Trusted Types (`window.trustedTypes` undefined), or the page refused the policy */
  }
  return policy ? (policy.createScriptURL(url) as string) : url;
}
