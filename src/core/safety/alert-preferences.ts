/**
 * How loud an alert type is for one user: on (sent with sound), silent (sent without a
 * notification sound), off (not sent; still logged). Types without a stored preference are on.
 */
export type AlertMode = 'on' | 'silent' | 'off';

export const alertModes: readonly AlertMode[] = ['on', 'silent', 'off'];

export function isAlertMode(value: string): value is AlertMode {
  return (alertModes as readonly string[]).includes(value);
}

/** The next mode when the user taps an alert type: on → silent → off → on. */
export function nextAlertMode(mode: AlertMode): AlertMode {
  return alertModes[(alertModes.indexOf(mode) + 1) % alertModes.length]!;
}

/**
 * Alert types a user can tune in /alerts, in the order listed (NotifyEvent kinds). Other kinds
 * can be stored too; they are simply not offered.
 */
export const tunableAlertTypes: readonly string[] = [
  'TRADING_STATE_CHANGED',
  'SAFETY_ANOMALY',
  'LARGE_SLIPPAGE',
  'POSITION_CLOSED',
  'STOP_MOVED',
  'SCALE_OUT_EXECUTED',
  'HEALTH_DEGRADED',
  'EXIT_FAILED',
  'STOP_ORDER_FAILED',
  'TRADE_EXECUTED',
];

/** Storage of alert preferences (implemented by PrismaAlertPreferenceRepository). */
export interface AlertPreferenceRepository {
  /** The user's mode for one alert type ('on' when none is stored). */
  modeFor(userId: number, alertType: string): Promise<AlertMode>;
  /** Every stored preference of the user, by alert type. */
  list(userId: number): Promise<ReadonlyMap<string, AlertMode>>;
  set(userId: number, alertType: string, mode: AlertMode): Promise<void>;
}
