import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

// Tree-shaken Chart.js: only what the dashboard draws (bars, lines, points, bands) is registered.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);
// Drawn at once: a fast first paint, and nothing moves for people who prefer reduced motion.
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
Chart.defaults.color = '#3b4554';

/** A Chart.js chart in a sized box; `label` is what a screen reader hears (the table beside it has the numbers). */
export function ChartView(props: { config: ChartConfiguration; label: string; height?: number; id?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const chart = new Chart(canvas, props.config);
    canvas.dataset.drawn = 'true';
    return () => {
      delete canvas.dataset.drawn;
      chart.destroy();
    };
  }, [props.config]);
  return (
    <div class="chart" style={{ height: `${props.height ?? 280}px` }}>
      <canvas ref={ref} id={props.id} role="img" aria-label={props.label} />
    </div>
  );
}
