import { Decimal, ONE, ZERO } from '../money.js';
import type { RiskSettings } from '../risk/risk-settings.js';

/**
 * How open positions are managed: trailing stop, scale-out ladder, break-even, time exits and the
 * health alert threshold. Percent fields are in percent (2 means two per cent), as in RiskSettings;
 * R multiples are plain numbers of R (one R is |entry − initial stop| per unit).
 */
export interface PositionRules {
  readonly enableTrailingStop: boolean;
  /** Favourable move from the entry, percent, at which the trailing stop activates (best price ≥ entry × (1 + p/100) for a long). */
  readonly trailingActivationPercent: Decimal;
  /** Distance of the trailing stop from the best price, percent. */
  readonly trailingStopPercent: Decimal;
  readonly enableScaleOut: boolean;
  /** Scale-out levels in R, ascending and positive: [1, 2, 3] scales out at entry ± 1R, 2R, 3R. */
  readonly scaleOutLevelsR: readonly Decimal[];
  /**
   * Fraction (a ratio) of `initialQtyBase` to sell at each level, same length as the levels, summing
   * to at most 1. When they sum to 1 the last level closes whatever is left (FINAL_TARGET); below 1
   * the rest runs on the stop. With scale-out disabled, the whole position closes at the last level.
   */
  readonly scaleOutFractions: readonly Decimal[];
  /** After the first scale-out level is passed, move the stop to break-even (entry plus round-trip fees). */
  readonly moveStopToBreakEven: boolean;
  /** Close (TIME_NO_PROGRESS) a position whose best price has not reached 1R within this many hours. */
  readonly maxHoursWithoutOneR: number;
  /** Close (MAX_AGE) any position open this many hours or longer. */
  readonly maxAgeHours: number;
  /** HEALTH_DEGRADED fires when the health score falls below this (0..100). */
  readonly healthThreshold: number;
}

const THIRD = ONE.div(3);

/** Defaults: trailing 1.5 % after +2 %, thirds at 1R/2R/3R, break-even after the first, 48 h to reach 1R, 7 days at most, alert below 40. */
export const defaultPositionRules: PositionRules = Object.freeze({
  enableTrailingStop: true,
  trailingActivationPercent: new Decimal(2),
  trailingStopPercent: new Decimal('1.5'),
  enableScaleOut: true,
  scaleOutLevelsR: Object.freeze([new Decimal(1), new Decimal(2), new Decimal(3)]),
  scaleOutFractions: Object.freeze([THIRD, THIRD, THIRD]),
  moveStopToBreakEven: true,
  maxHoursWithoutOneR: 48,
  maxAgeHours: 7 * 24,
  // Below 40 at least two of the six parts are poor (see positionHealth): worth a look, not yet an emergency.
  healthThreshold: 40,
});

/** Thrown for position rules that cannot be applied (a configuration bug, not a market outcome). */
export class PositionRulesError extends Error {
  override readonly name = 'PositionRulesError';
}

/** Fractions summing to within this of 1 count as the whole position (1/3 + 1/3 + 1/3 is not exactly 1 in 40 digits). */
export const FULL_EXIT_TOLERANCE = new Decimal('1e-20');

/**
 * Position rules from a user's risk settings (trailing and scale-out switches and percentages),
 * with `overrides` for the fields the settings do not carry, over {@link defaultPositionRules}.
 * Throws PositionRulesError on inconsistent values: non-positive percentages or hours, a ladder
 * that is not ascending, fractions that do not match the levels or sum above 1, a threshold
 * outside 0..100.
 */
export function buildPositionRules(
  settings: Pick<RiskSettings, 'enableTrailingStop' | 'trailingStopPercent' | 'trailingActivationPercent' | 'enableScaleOut'>,
  overrides: Partial<PositionRules> = {},
): PositionRules {
  const rules: PositionRules = Object.freeze({
    ...defaultPositionRules,
    enableTrailingStop: settings.enableTrailingStop,
    trailingStopPercent: settings.trailingStopPercent,
    trailingActivationPercent: settings.trailingActivationPercent,
    enableScaleOut: settings.enableScaleOut,
    ...overrides,
  });
  validate(rules);
  return rules;
}

function validate(r: PositionRules): void {
  const fail = (what: string) => {
    throw new PositionRulesError(`Invalid position rules: ${what}`);
  };
  if (!r.trailingStopPercent.isPositive() || r.trailingStopPercent.isZero() || r.trailingStopPercent.gte(100)) {
    fail(`trailingStopPercent must be in (0, 100): ${r.trailingStopPercent.toString()}`);
  }
  if (r.trailingActivationPercent.isNegative()) fail(`trailingActivationPercent must be >= 0: ${r.trailingActivationPercent.toString()}`);
  const levels = r.scaleOutLevelsR;
  if (levels.length === 0) fail('scaleOutLevelsR must not be empty');
  if (levels.length !== r.scaleOutFractions.length) fail('scaleOutFractions must have one fraction per level');
  let total = ZERO;
  for (let k = 0; k < levels.length; k++) {
    if (levels[k]!.lte(0) || (k > 0 && levels[k]!.lte(levels[k - 1]!))) fail('scaleOutLevelsR must be positive and strictly ascending');
    if (r.scaleOutFractions[k]!.lte(0)) fail('scaleOutFractions must be positive');
    total = total.plus(r.scaleOutFractions[k]!);
  }
  if (total.gt(ONE.plus(FULL_EXIT_TOLERANCE))) fail(`scaleOutFractions sum to ${total.toString()} > 1`);
  if (!(r.maxHoursWithoutOneR > 0) || !(r.maxAgeHours > 0)) fail('maxHoursWithoutOneR and maxAgeHours must be positive');
  if (!(r.healthThreshold >= 0 && r.healthThreshold <= 100)) fail(`healthThreshold must be in 0..100: ${r.healthThreshold}`);
}
