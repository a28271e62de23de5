import { InlineKeyboard } from 'grammy';
import { settingFields } from '../../core/risk/risk-setting-fields.js';
import { sizingMethods, type RiskSettings } from '../../core/risk/risk-settings.js';
import type { TradingState } from '../../core/risk/evaluate-trading-state.js';
import { settingLabels } from '../format/risk-format.js';
import { sizingLabel } from '../format/menu-format.js';

/** Callback data of the risk screens: a screen name and, at most, a setting key or method name. */
export const riskCallbacks = {
  refresh: 'risk:refresh',
  methods: 'risk:methods',
  method: (m: string) => `risk:method:${m}`,
  edit: 'risk:edit',
  editField: (key: string) => `risk:edit:${key}`,
  toggle: (key: string) => `risk:toggle:${key}`,
  gauge: 'risk:gauge',
  pause: 'risk:pause',
  resume: 'risk:resume',
} as const;

export function riskDashboardKeyboard(state: TradingState): InlineKeyboard {
  const kb = new InlineKeyboard()
    .text('⚖️ Sizing method', riskCallbacks.methods)
    .text('✏️ Edit limits', riskCallbacks.edit)
    .row()
    .text('🌡 Heat gauge', riskCallbacks.gauge)
    .text('↻ Refresh', riskCallbacks.refresh)
    .row();
  if (state === 'active' || state === 'reducing') kb.text('⏸ Pause trading', riskCallbacks.pause);
  else kb.text('▶️ Resume trading', riskCallbacks.resume);
  return kb;
}

export function sizingMethodKeyboard(current: RiskSettings['positionSizingMethod']): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const m of sizingMethods) kb.text(`${m === current ? '● ' : ''}${sizingLabel(m)}`, riskCallbacks.method(m)).row();
  return kb.text('« Back', riskCallbacks.refresh);
}

export function editFieldsKeyboard(settings: RiskSettings): InlineKeyboard {
  const kb = new InlineKeyboard();
  let inRow = 0;
  for (const f of settingFields) {
    const label = settingLabels[f.key] ?? f.key;
    const text = f.kind === 'toggle' ? `${label}: ${settings[f.key] ? 'on' : 'off'}` : label;
    kb.text(text, f.kind === 'toggle' ? riskCallbacks.toggle(f.key) : riskCallbacks.editField(f.key));
    if (++inRow === 2) { kb.row(); inRow = 0; }
  }
  return kb.row().text('« Back', riskCallbacks.refresh);
}
