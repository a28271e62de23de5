import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChartJSNodeCanvas } from 'chartjs-node-canvas';
import type { ChartConfiguration } from 'chart.js';
import type { Candle } from '../core/ports.js';

const fontDir = join(dirname(fileURLToPath(import.meta.url)), 'assets');
const fontFamily = 'DejaVu Sans';

/**
 * Renders charts to PNG for the chat. One canvas per chart size is reused: a new
 * ChartJSNodeCanvas per render leaks several MiB. The font ships with the project, because a
 * machine without fonts renders every glyph as a box, silently.
 */
export class ChartRenderer {
  private readonly canvases = new Map<string, ChartJSNodeCanvas>();

  private canvas(width: number, height: number): ChartJSNodeCanvas {
    const key = `${width}x${height}`;
    let canvas = this.canvases.get(key);
    if (!canvas) {
      canvas = new ChartJSNodeCanvas({
        width,
        height,
        backgroundColour: '#ffffff',
        chartCallback: (chart) => {
          chart.defaults.font.family = fontFamily;
          chart.defaults.font.size = 22; // read on a phone: large type
          chart.defaults.color = '#222222';
        },
      });
      for (const [file, weight] of [['DejaVuSans.ttf', 'normal'], ['DejaVuSans-Bold.ttf', 'bold']] as const) {
        const path = join(fontDir, file);
        if (existsSync(path)) canvas.registerFont(path, { family: fontFamily, weight });
      }
      this.canvases.set(key, canvas);
    }
    return canvas;
  }

  /** A closing-price line chart of candles, with the high-low range shaded. */
  async renderPriceChart(symbol: string, candles: readonly Candle[], timeZone: string): Promise<Buffer> {
    const spansDays = candles.length > 1 && candles[candles.length - 1]!.openAt.getTime() - candles[0]!.openAt.getTime() > 36 * 3600_000;
    const labels = candles.map((c) => formatTick(c.openAt, timeZone, spansDays));
    const range = `${formatDay(candles[0]!.openAt, timeZone)} – ${formatDay(candles[candles.length - 1]!.openAt, timeZone)}`;
    const config: ChartConfiguration = {
      type: 'line',
      data: {
        labels,
        datasets: [
          { label: 'High', data: candles.map((c) => c.high.toNumber()), borderWidth: 0, pointRadius: 0, fill: false },
          { label: 'Low', data: candles.map((c) => c.low.toNumber()), borderWidth: 0, pointRadius: 0, fill: '-1', backgroundColor: 'rgba(54,162,235,0.15)' },
          { label: 'Close', data: candles.map((c) => c.close.toNumber()), borderColor: '#1f5fa8', borderWidth: 3, pointRadius: 0, fill: false },
        ],
      },
      options: {
        animation: false,
        plugins: {
          title: { display: true, text: `${symbol} · ${range} (${timeZone})`, font: { size: 28, weight: 'bold' } },
          legend: { display: false },
        },
        scales: { x: { ticks: { maxTicksLimit: 8, maxRotation: 0 } }, y: { ticks: { maxTicksLimit: 8 } } },
      },
    };
    return this.canvas(1200, 700).renderToBuffer(config as never, 'image/png');
  }
}

/** Short axis labels: the hour within a day, the date across days (the title carries the range). */
function formatTick(at: Date, timeZone: string, spansDays: boolean): string {
  const options: Intl.DateTimeFormatOptions = spansDays ? { timeZone, month: 'short', day: 'numeric' } : { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  return new Intl.DateTimeFormat('en-GB', options).format(at);
}

function formatDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}
