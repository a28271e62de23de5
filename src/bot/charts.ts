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

  /**
   * A half-doughnut gauge of portfolio heat against its maximum (both in percent): green below
   * 70 % of the limit, amber up to it, red beyond.
   */
  async renderHeatGauge(heatPct: number, maxPct: number): Promise<Buffer> {
    const used = Math.max(0, heatPct);
    const ratio = maxPct > 0 ? used / maxPct : 1;
    const colour = ratio > 1 ? gaugeColours.over : ratio > 0.7 ? gaugeColours.warn : gaugeColours.ok;
    const shown = Math.min(used, maxPct);
    const config: ChartConfiguration<'doughnut'> = {
      type: 'doughnut',
      data: { labels: ['Heat', 'Room'], datasets: [{ data: [shown, Math.max(0, maxPct - shown)], backgroundColor: [colour, gaugeColours.empty], borderWidth: 0 }] },
      options: {
        animation: false,
        rotation: -90,
        circumference: 180,
        cutout: '62%',
        plugins: {
          legend: { display: false },
          title: { display: true, text: `Portfolio heat ${used.toFixed(1)}% of ${maxPct}%`, font: { size: 34, weight: 'bold' } },
          subtitle: { display: true, position: 'bottom', text: ratio > 1 ? 'Over the limit: no new entries' : `${(maxPct - used).toFixed(1)}% of equity left to risk`, font: { size: 26 } },
        },
      },
    };
    return this.canvas(800, 500).renderToBuffer(config as never, 'image/png');
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

  /** A vertical bar chart, one bar per label (e.g. p95 slippage per market), values printed above the bars. */
  async renderBarChart(input: { readonly title: string; readonly labels: readonly string[]; readonly values: readonly number[] }): Promise<Buffer> {
    const config: ChartConfiguration = {
      type: 'bar',
      data: {
        labels: [...input.labels],
        datasets: [{ label: input.title, data: [...input.values], backgroundColor: input.values.map((v) => (v > 0 ? '#c0504d' : '#4f9a5a')), borderWidth: 0 }],
      },
      options: {
        animation: false,
        plugins: { title: { display: true, text: input.title, font: { size: 28, weight: 'bold' } }, legend: { display: false } },
        scales: { y: { beginAtZero: true, ticks: { maxTicksLimit: 8 } }, x: { ticks: { maxRotation: 0 } } },
      },
      plugins: [
        {
          id: 'barValues',
          afterDatasetsDraw: (chart) => {
            const { ctx } = chart;
            ctx.save();
            ctx.textAlign = 'center';
            ctx.fillStyle = '#222222';
            ctx.font = `bold 22px ${fontFamily}`;
            chart.getDatasetMeta(0).data.forEach((bar, i) => {
              // Above the bar, or above the zero line for a negative bar.
              const { x, y, base } = bar.getProps(['x', 'y', 'base'], true) as { x: number; y: number; base: number };
              ctx.fillText(`${input.values[i]!.toFixed(3)}%`, x, Math.min(y, base) - 8);
            });
            ctx.restore();
          },
        },
      ],
    };
    return this.canvas(1200, 700).renderToBuffer(config as never, 'image/png');
  }
}

/** Colours of the heat gauge: comfortable, close to the limit, over it. */
const gaugeColours = { ok: '#2e9d4f', warn: '#e0a100', over: '#c62828', empty: '#e6e6e6' };

/** Short axis labels: the hour within a day, the date across days (the title carries the range). */
function formatTick(at: Date, timeZone: string, spansDays: boolean): string {
  const options: Intl.DateTimeFormatOptions = spansDays ? { timeZone, month: 'short', day: 'numeric' } : { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  return new Intl.DateTimeFormat('en-GB', options).format(at);
}

function formatDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}
