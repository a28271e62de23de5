import { functions, type MarketInterface as Market } from 'ccxt';
import type { MarketRules } from '../../ports.js';
import { Decimal, ONE, ZERO } from '../../money.js';
import { decFromCcxt } from './dec-from-ccxt.js';

/** Thrown for venues whose precision is in significant digits: no fixed step can be derived. */
export class UnsupportedPrecisionModeError extends Error {
  override readonly name = 'UnsupportedPrecisionModeError';
}

/**
 * Converts one ccxt precision value into a step. In TICK_SIZE mode (binance and most venues in
 * ccxt 4) the value is the step itself (0.00001); in DECIMAL_PLACES mode it is a digit count
 * (5 -> 0.00001). Absent precision means "no step" (zero).
 */
export function stepFromPrecision(precision: unknown, precisionMode: number): Decimal {
  const p = decFromCcxt(precision);
  if (p === null) return ZERO;
  if (precisionMode === functions.TICK_SIZE) return p;
  if (precisionMode === functions.DECIMAL_PLACES) return new Decimal(10).pow(p.neg());
  throw new UnsupportedPrecisionModeError(
    `precision mode ${precisionMode} (significant digits) has no fixed step; this adapter supports tick size and decimal places`,
  );
}

/** Base units per contract: 1 for spot and for venues that quote contracts in base units. */
export function contractSizeOf(market: Pick<Market, 'contract' | 'contractSize'>): Decimal {
  if (!market.contract) return ONE;
  const size = decFromCcxt(market.contractSize);
  return size !== null && size.gt(0) ? size : ONE;
}

/**
 * Maps a ccxt market into MarketRules with exact Decimals. Quantities are in the base asset:
 * for contract markets the contract step and minimum are multiplied by the contract size.
 * Fee rates are ratios (0.001 = 0.1 %); minNotional is in the quote currency (0 when unpublished).
 */
export function toMarketRules(market: Market, precisionMode: number, marketType: 'spot' | 'futures'): MarketRules {
  const contractSize = contractSizeOf(market);
  const amountStep = stepFromPrecision(market.precision?.amount, precisionMode).mul(contractSize);
  const minAmount = decFromCcxt(market.limits?.amount?.min) ?? ZERO;
  return {
    symbol: market.symbol,
    base: market.base,
    quote: market.quote,
    marketType,
    amountStep,
    priceTick: stepFromPrecision(market.precision?.price, precisionMode),
    // A venue without a published minimum still cannot take less than one step.
    minQty: Decimal.max(minAmount.mul(contractSize), amountStep),
    minNotional: decFromCcxt(market.limits?.cost?.min) ?? ZERO,
    makerFeeRate: decFromCcxt(market.maker) ?? ZERO,
    takerFeeRate: decFromCcxt(market.taker) ?? ZERO,
  };
}

/** Whether a ccxt market belongs to this adapter's market type (linear perpetuals for futures). */
export function isTradableMarket(market: Market, marketType: 'spot' | 'futures'): boolean {
  if (market.active === false) return false;
  return marketType === 'spot' ? market.spot === true : market.swap === true && market.linear === true;
}
