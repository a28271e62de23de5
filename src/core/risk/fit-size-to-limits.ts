import { approxNumber, compareDec, HUNDRED, ONE, ZERO, type Decimal } from '../money.js';
import type { Adjustment, Check, CheckUnit, SizeLimitCode } from './check.js';
import { displayFigure } from './display-figure.js';
import type { TradeDecisionInput, TradeSize } from './risk-decision.js';
import { floorQuotientToStep, floorToAmountStep } from './floor-to-amount-step.js';
import { leveragedLimits } from './prepare-risk-book.js';
import { baseOfSymbol } from './summarize-portfolio.js';

/** Per-unit figures of the trade (see computeRiskReward), quote per base unit. */
export interface UnitFigures {
  readonly lossPerUnitQuote: Decimal;
  readonly feePerUnitQuote: Decimal;
  /** Display figure (see computeRiskReward). */
  readonly rr: number;
}

/** The final size (null when nothing valid is left) and the adjustments made on the way. */
export interface FittedSize {
  readonly size: TradeSize | null;
  readonly adjustments: readonly Adjustment[];
}

/**
 * The running quantity, what it means for the limits (USD), and the cuts made so far (module-level
 * helpers over it avoid a closure per call). Exposure and risk are computed when a limit first
 * needs them: a size cut by the position cap would otherwise measure them twice.
 */
interface Fitting {
  qty: Decimal;
  notional: Decimal;
  /** Spot: notional plus the entry fee; futures: the notional. */
  spend: Decimal;
  /** The base asset's open notional plus this trade's; null until needed (see exposureOf). */
  exposure: Decimal | null;
  /** Loss to the stop, fees included; null until needed (see riskOf). */
  risk: Decimal | null;
  readonly adjustments: Adjustment[];
  readonly step: Decimal;
  readonly entry: Decimal;
  readonly feeFactor: Decimal | null;
  readonly baseNotional: Decimal;
  readonly loss: Decimal;
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
 * with the uncut value, when the remainder is not a valid order. Every limit is decided exactly, in
 * USD, and compared once more on the final size, so no rounding can let a size through that breaks
 * one. Percent values in checks and adjustments are display figures (see displayFigure): the
 * exact percentages would cost more than the rest of the fitting. The USD limits come precomputed
 * from the risk book (see prepareRiskBook). A zero amount step floors to 18 decimals.
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
  const pctPerUsd = limits.pctPerUsd;
  const m = i.market;
  const entry = i.intent.entryPriceQuote;
  const loss = unit.lossPerUnitQuote;
  const isSpot = m.marketType === 'spot';
  const feeFactor = isSpot ? ONE.plus(m.takerFeeRate) : null;
  const baseNotional = book.portfolio.notionalByBase.get(m.base === '' ? baseOfSymbol(i.intent.symbol) : m.base) ?? ZERO;
  const qty0 = floorToAmountStep(methodQty.isNegative() ? ZERO : methodQty, m.amountStep);
  const notional0 = qty0.mul(entry);
  const f: Fitting = {
    qty: qty0,
    notional: notional0,
    spend: feeFactor === null ? notional0 : notional0.mul(feeFactor),
    exposure: null,
    risk: null,
    adjustments: [],
    step: m.amountStep,
    entry,
    feeFactor,
    baseNotional,
    loss,
  };

  // Each limit computes a cut (a division) only when it binds.
  const positionCapUsd = limits.positionCapUsd;
  if (compareDec(f.notional, positionCapUsd) > 0) {
    cut(f, 'POSITION_SIZE_LIMIT', positionCapUsd, entry, f.notional, positionCapUsd, 'usd');
  }
  const leveraged = isSpot ? null : leveragedLimits(book, leverage);
  const buyingPowerUsd = leveraged === null ? book.account.availableCashUsd : leveraged.buyingPowerUsd;
  if (compareDec(f.spend, buyingPowerUsd) > 0) {
    cut(f, 'BUYING_POWER_LIMIT', buyingPowerUsd, feeFactor === null ? entry : entry.mul(feeFactor), f.spend, buyingPowerUsd, 'usd');
  }
  const marginPct = isSpot ? HUNDRED : limits.futuresMarginLimitPct;
  const usedMargin = book.portfolio.usedMarginUsd;
  // Compared as notional against the margin room times leverage: exact, and no division (spot has leverage 1).
  const marginRoomNotional = leveraged === null ? limits.spotMarginRoomUsd : leveraged.marginRoomNotionalUsd;
  if (compareDec(f.notional, marginRoomNotional) > 0) {
    const before = displayFigure((approxNumber(usedMargin) + approxNumber(f.notional) / leverage) * pctPerUsd);
    cut(f, 'MARGIN_LIMIT', marginRoomNotional, entry, before, marginPct, 'pct');
  }
  const exposureLimitUsd = limits.exposureLimitUsd;
  if (compareDec(exposureOf(f), exposureLimitUsd) > 0) {
    const before = displayFigure(approxNumber(exposureOf(f)) * pctPerUsd);
    cut(f, 'ASSET_EXPOSURE_LIMIT', exposureLimitUsd.minus(baseNotional), entry, before, s.maxSingleAssetExposurePercent, 'pct');
  }
  const openRisk = book.portfolio.openRiskUsd;
  if (compareDec(riskOf(f), limits.heatRoomUsd) > 0) {
    const before = displayFigure((approxNumber(openRisk) + approxNumber(riskOf(f))) * pctPerUsd);
    cut(f, 'HEAT_LIMIT', limits.heatRoomUsd, loss, before, s.maxPortfolioHeat, 'pct');
  }
  const budgetUsd = book.lossBudgets.remainingUsd;
  if (compareDec(riskOf(f), budgetUsd) > 0) {
    cut(f, 'LOSS_BUDGET', budgetUsd, loss, riskOf(f), budgetUsd, 'usd');
  }

  const qty = f.qty;
  const notional = f.notional;
  const spend = f.spend;
  const exposure = exposureOf(f);
  const risk = riskOf(f);
  const isQtyValid = !qty.isZero() && compareDec(qty, m.minQty) >= 0;
  const isNotionalValid = compareDec(notional, m.minNotional) >= 0;
  const isOrderValid = isQtyValid && isNotionalValid;
  const heat = openRisk.plus(risk);
  const heatAfterPct = displayFigure(approxNumber(heat) * pctPerUsd);
  const cuts = f.adjustments;
  pushLimit(out, cuts, isOrderValid, 'POSITION_SIZE_LIMIT', compareDec(notional, positionCapUsd) > 0, notional, positionCapUsd, 'usd');
  pushLimit(out, cuts, isOrderValid, 'BUYING_POWER_LIMIT', compareDec(spend, buyingPowerUsd) > 0, spend, buyingPowerUsd, 'usd');
  // The margin limit itself is checked in notional space, exactly; the percentage is for display.
  const marginAfterPct = displayFigure((approxNumber(usedMargin) + approxNumber(notional) / leverage) * pctPerUsd);
  pushLimit(out, cuts, isOrderValid, 'MARGIN_LIMIT', compareDec(notional, marginRoomNotional) > 0, marginAfterPct, marginPct, 'pct');
  const exposurePct = displayFigure(approxNumber(exposure) * pctPerUsd);
  pushLimit(out, cuts, isOrderValid, 'ASSET_EXPOSURE_LIMIT', compareDec(exposure, exposureLimitUsd) > 0, exposurePct, s.maxSingleAssetExposurePercent, 'pct');
  pushLimit(out, cuts, isOrderValid, 'HEAT_LIMIT', compareDec(heat, limits.heatLimitUsd) > 0, heatAfterPct, s.maxPortfolioHeat, 'pct');
  pushLimit(out, cuts, isOrderValid, 'LOSS_BUDGET', compareDec(risk, budgetUsd) > 0, risk, budgetUsd, 'usd');
  out.push({ code: 'QTY_BELOW_MIN', passed: isQtyValid, value: qty, limit: m.minQty, unit: 'qty' });
  out.push({ code: 'NOTIONAL_BELOW_MIN', passed: isNotionalValid, value: notional, limit: m.minNotional, unit: 'usd' });

  if (!isOrderValid) return { size: null, adjustments: cuts };
  return {
    size: {
      qtyBase: qty,
      notionalUsd: notional,
      riskUsd: risk,
      riskPctOfEquity: displayFigure(approxNumber(risk) * pctPerUsd),
      rr: unit.rr,
      heatAfterPct,
      feesUsd: qty.mul(unit.feePerUnitQuote),
      leverage,
    },
    adjustments: cuts,
  };
}

/** The base asset's exposure with the running quantity, computed once per quantity. */
function exposureOf(f: Fitting): Decimal {
  return f.exposure ?? (f.exposure = f.baseNotional.plus(f.notional));
}

/** The running quantity's loss to the stop, computed once per quantity. */
function riskOf(f: Fitting): Decimal {
  return f.risk ?? (f.risk = f.qty.mul(f.loss));
}

/**
 * Records a cut to the largest quantity whose cost, `perUnit` each, fits in `room`, floored to the
 * step (a negative room leaves nothing).
 */
function cut(f: Fitting, code: SizeLimitCode, room: Decimal, perUnit: Decimal, valueBefore: Decimal | number, limit: Decimal, unit: CheckUnit): void {
  const to = floorQuotientToStep(room, perUnit, f.step);
  f.adjustments.push({ code, fromQtyBase: f.qty, toQtyBase: to, valueBefore, limit, unit });
  f.qty = to;
  f.notional = to.mul(f.entry);
  f.spend = f.feeFactor === null ? f.notional : f.notional.mul(f.feeFactor);
  f.exposure = null;
  f.risk = null;
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
  value: Decimal | number,
  limit: Decimal,
  unit: CheckUnit,
): void {
  let cutBy: Adjustment | undefined;
  for (let k = 0; k < cuts.length; k++) if (cuts[k]!.code === code) cutBy = cuts[k];
  const failed = isBroken || (cutBy !== undefined && !isOrderValid);
  out.push({ code, passed: !failed, value: failed && cutBy !== undefined ? cutBy.valueBefore : value, limit, unit });
}
