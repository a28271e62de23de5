import { Decimal, HUNDRED, ONE, ZERO } from '../money.js';
import type { Adjustment, Check, CheckUnit, SizeLimitCode } from './check.js';
import type { TradeDecisionInput, TradeSize } from './risk-decision.js';
import { baseOfSymbol } from './summarize-portfolio.js';

/** Per-unit figures of the trade (see computeRiskReward), quote per base unit. */
export interface UnitFigures {
  readonly lossPerUnitQuote: Decimal;
  readonly feePerUnitQuote: Decimal;
  readonly rr: Decimal;
}

/** The final size (null when nothing valid is left) and the adjustments made on the way. */
export interface FittedSize {
  readonly size: TradeSize | null;
  readonly adjustments: readonly Adjustment[];
}

/** Running quantity and the cuts made so far (module-level helpers avoid a closure per call). */
interface Fitting {
  qty: Decimal;
  readonly adjustments: Adjustment[];
  readonly step: Decimal;
}

/** What a quantity means for the limits, USD. */
interface Measured {
  readonly notional: Decimal;
  /** Spot: notional plus the entry fee; futures: the notional. */
  readonly spend: Decimal;
  /** The base asset's open notional plus this trade's. */
  readonly exposure: Decimal;
  /** Loss to the stop, fees included. */
  readonly risk: Decimal;
}

/**
 * Fits the method's quantity to every size limit. The quantity is first floored to the amount
 * step (rounding up could break every limit), then each limit, in this order, cuts it to what fits,
 * floored again:
 * 1. POSITION_SIZE_LIMIT: notional <= min(maxPositionSizeUsd, maxPositionSizePercent of equity);
 * 2. BUYING_POWER_LIMIT: spot: notional + entry fee <= available cash; futures: notional <= equity × leverage;
 * 3. MARGIN_LIMIT: used margin + notional / leverage <= maxMarginUtilizationPercent of equity
 *    (futures; spot uses 100 %: no more than the equity can be invested);
 * 4. ASSET_EXPOSURE_LIMIT: the base asset's open notional + notional <= maxSingleAssetExposurePercent of equity;
 * 5. HEAT_LIMIT: open risk + risk <= maxPortfolioHeat percent of equity;
 * 6. LOSS_BUDGET: risk <= the smallest remaining day / week / month loss budget.
 * Then checks the exchange minimums (QTY_BELOW_MIN, NOTIONAL_BELOW_MIN).
 *
 * Appends one check per limit to `out`, measured on the final size. A limit that cut the size fails,
 * with the uncut value, when the remainder is not a valid order. Every limit is compared once more,
 * in USD, on the final size, so no rounding can let a size through that breaks one; percent values
 * in checks are for display. The USD limits come precomputed from the risk book (see
 * prepareRiskBook). A zero amount step floors to 18 decimals.
 */
export function fitSizeToLimits(
  i: Readonly<TradeDecisionInput>,
  methodQty: Decimal,
  unit: UnitFigures,
  leverage: number,
  out: Check[],
): FittedSize {
  const book = i.book;
  const s = book.settings;
  const limits = book.limits;
  const hundredOverEquity = limits.hundredOverEquity;
  const m = i.market;
  const entry = i.intent.entryPriceQuote;
  const loss = unit.lossPerUnitQuote;
  const isSpot = m.marketType === 'spot';
  const lev = leverageDecimal(leverage);
  const perLev = leverageReciprocal(leverage);
  const feeFactor = isSpot ? ONE.plus(m.takerFeeRate) : null;
  const baseNotional = book.portfolio.notionalByBase.get(m.base === '' ? baseOfSymbol(i.intent.symbol) : m.base) ?? ZERO;
  const f: Fitting = { qty: ZERO, adjustments: [], step: m.amountStep };
  f.qty = floorToAmountStep(methodQty.isNegative() ? ZERO : methodQty, f.step);
  let at = measure(f.qty, entry, loss, feeFactor, baseNotional);

  // Each limit divides only when it binds.
  const positionCapUsd = limits.positionCapUsd;
  if (at.notional.gt(positionCapUsd)) {
    cut(f, 'POSITION_SIZE_LIMIT', positionCapUsd.div(entry), at.notional, positionCapUsd, 'usd');
    at = measure(f.qty, entry, loss, feeFactor, baseNotional);
  }
  const buyingPowerUsd = isSpot ? book.account.availableCashUsd : book.account.equityUsd.mul(lev);
  if (at.spend.gt(buyingPowerUsd)) {
    const toQty = buyingPowerUsd.div(feeFactor === null ? entry : entry.mul(feeFactor));
    cut(f, 'BUYING_POWER_LIMIT', toQty, at.spend, buyingPowerUsd, 'usd');
    at = measure(f.qty, entry, loss, feeFactor, baseNotional);
  }
  const marginPct = isSpot ? HUNDRED : limits.futuresMarginLimitPct;
  const usedMargin = book.portfolio.usedMarginUsd;
  // Compared as notional against the margin room times leverage: exact, and no division.
  const marginRoom = isSpot ? limits.spotMarginRoomUsd : limits.futuresMarginRoomUsd;
  const marginRoomNotional = leverage === 1 ? marginRoom : marginRoom.mul(lev);
  if (at.notional.gt(marginRoomNotional)) {
    const before = usedMargin.plus(at.notional.mul(perLev)).mul(hundredOverEquity);
    cut(f, 'MARGIN_LIMIT', marginRoomNotional.div(entry), before, marginPct, 'pct');
    at = measure(f.qty, entry, loss, feeFactor, baseNotional);
  }
  const exposureLimitUsd = limits.exposureLimitUsd;
  if (at.exposure.gt(exposureLimitUsd)) {
    const before = at.exposure.mul(hundredOverEquity);
    cut(f, 'ASSET_EXPOSURE_LIMIT', exposureLimitUsd.minus(baseNotional).div(entry), before, s.maxSingleAssetExposurePercent, 'pct');
    at = measure(f.qty, entry, loss, feeFactor, baseNotional);
  }
  const openRisk = book.portfolio.openRiskUsd;
  if (at.risk.gt(limits.heatRoomUsd)) {
    const before = openRisk.plus(at.risk).mul(hundredOverEquity);
    cut(f, 'HEAT_LIMIT', limits.heatRoomUsd.div(loss), before, s.maxPortfolioHeat, 'pct');
    at = measure(f.qty, entry, loss, feeFactor, baseNotional);
  }
  const budgetUsd = book.lossBudgets.remainingUsd;
  if (at.risk.gt(budgetUsd)) {
    cut(f, 'LOSS_BUDGET', budgetUsd.div(loss), at.risk, budgetUsd, 'usd');
    at = measure(f.qty, entry, loss, feeFactor, baseNotional);
  }

  const qty = f.qty;
  const isQtyValid = !qty.isZero() && qty.gte(m.minQty);
  const isNotionalValid = at.notional.gte(m.minNotional);
  const isOrderValid = isQtyValid && isNotionalValid;
  // Shown margin via the reciprocal (a multiplication); the limit itself is checked in notional space, exactly.
  const marginUsd = leverage === 1 ? at.notional : at.notional.mul(perLev);
  const heat = openRisk.plus(at.risk);
  const heatAfterPct = heat.mul(hundredOverEquity);
  const cuts = f.adjustments;
  pushLimit(out, cuts, isOrderValid, 'POSITION_SIZE_LIMIT', at.notional.gt(positionCapUsd), at.notional, positionCapUsd, 'usd');
  pushLimit(out, cuts, isOrderValid, 'BUYING_POWER_LIMIT', at.spend.gt(buyingPowerUsd), at.spend, buyingPowerUsd, 'usd');
  const marginAfterPct = usedMargin.plus(marginUsd).mul(hundredOverEquity);
  pushLimit(out, cuts, isOrderValid, 'MARGIN_LIMIT', at.notional.gt(marginRoomNotional), marginAfterPct, marginPct, 'pct');
  const exposurePct = at.exposure.mul(hundredOverEquity);
  pushLimit(out, cuts, isOrderValid, 'ASSET_EXPOSURE_LIMIT', at.exposure.gt(exposureLimitUsd), exposurePct, s.maxSingleAssetExposurePercent, 'pct');
  pushLimit(out, cuts, isOrderValid, 'HEAT_LIMIT', heat.gt(limits.heatLimitUsd), heatAfterPct, s.maxPortfolioHeat, 'pct');
  pushLimit(out, cuts, isOrderValid, 'LOSS_BUDGET', at.risk.gt(budgetUsd), at.risk, budgetUsd, 'usd');
  out.push({ code: 'QTY_BELOW_MIN', passed: isQtyValid, value: qty, limit: m.minQty, unit: 'qty' });
  out.push({ code: 'NOTIONAL_BELOW_MIN', passed: isNotionalValid, value: at.notional, limit: m.minNotional, unit: 'usd' });

  if (!isOrderValid) return { size: null, adjustments: cuts };
  return {
    size: {
      qtyBase: qty,
      notionalUsd: at.notional,
      riskUsd: at.risk,
      riskPctOfEquity: at.risk.mul(hundredOverEquity),
      rr: unit.rr,
      heatAfterPct,
      feesUsd: qty.mul(unit.feePerUnitQuote),
      marginUsd,
      leverage,
    },
    adjustments: cuts,
  };
}

function measure(qty: Decimal, entry: Decimal, loss: Decimal, feeFactor: Decimal | null, baseNotional: Decimal): Measured {
  const notional = qty.mul(entry);
  return {
    notional,
    spend: feeFactor === null ? notional : notional.mul(feeFactor),
    exposure: baseNotional.plus(notional),
    risk: qty.mul(loss),
  };
}

// Leverage is a small whole number almost always: its Decimal and reciprocal are built once.
const LEVERAGES: readonly Decimal[] = Array.from({ length: 126 }, (_, k) => new Decimal(k));
const RECIPROCALS: readonly Decimal[] = LEVERAGES.map((d, k) => (k === 0 ? ZERO : ONE.div(d)));

function leverageDecimal(leverage: number): Decimal {
  return (Number.isInteger(leverage) ? LEVERAGES[leverage] : undefined) ?? new Decimal(leverage);
}

function leverageReciprocal(leverage: number): Decimal {
  return (Number.isInteger(leverage) && leverage > 0 ? RECIPROCALS[leverage] : undefined) ?? ONE.div(leverage);
}

// Exchange steps are nearly always powers of ten (0.00001, 0.001, 1): for those, truncating the
// decimals is the same floor as dividing by the step, at a fraction of the cost.
const POWERS_OF_TEN: readonly Decimal[] = Array.from({ length: 19 }, (_, k) => new Decimal(`1e-${k}`));

function floorToAmountStep(qty: Decimal, step: Decimal): Decimal {
  if (step.isZero()) return qty.toDecimalPlaces(18, Decimal.ROUND_DOWN);
  const dp = step.decimalPlaces();
  const power = POWERS_OF_TEN[dp];
  if (power !== undefined && step.eq(power)) return qty.toDecimalPlaces(dp, Decimal.ROUND_DOWN);
  return qty.div(step).floor().mul(step);
}

/** Records a cut and floors the new quantity to the step (a negative room leaves nothing). */
function cut(f: Fitting, code: SizeLimitCode, toQty: Decimal, valueBefore: Decimal, limit: Decimal, unit: CheckUnit): void {
  const to = toQty.isNegative() ? ZERO : floorToAmountStep(toQty, f.step);
  f.adjustments.push({ code, fromQtyBase: f.qty, toQtyBase: to, valueBefore, limit, unit });
  f.qty = to;
}

/**
 * One size-limit check. It fails when the final size breaks it, or when it cut the size and what
 * was left is no valid order; a failed cut reports the uncut value, the reason the trade died.
 */
function pushLimit(
  out: Check[],
  cuts: readonly Adjustment[],
  isOrderValid: boolean,
  code: SizeLimitCode,
  isBroken: boolean,
  value: Decimal,
  limit: Decimal,
  unit: CheckUnit,
): void {
  let cutBy: Adjustment | undefined;
  for (let k = 0; k < cuts.length; k++) if (cuts[k]!.code === code) cutBy = cuts[k];
  const failed = isBroken || (cutBy !== undefined && !isOrderValid);
  out.push({ code, passed: !failed, value: failed && cutBy !== undefined ? cutBy.valueBefore : value, limit, unit });
}
