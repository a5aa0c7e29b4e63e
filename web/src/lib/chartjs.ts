/**
 * Chart.js, loaded on first use (it is not part of the initial bundle), with only the pieces
 * the dashboard draws: bar charts with category and linear axes, tooltips and legends.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);
Chart.defaults.font.family =
  "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif";
Chart.defaults.font.size = 12;
Chart.defaults.color = '#4f5e69';
Chart.defaults.borderColor = '#e1e6ea';
// Only the duration: replacing the whole animation object would drop Chart.js's own settings.
if (Chart.defaults.animation) Chart.defaults.animation.duration = 250;

export { Chart };
export type { ChartConfiguration } from 'chart.js';
