import type { Notifier } from '../ports.js';

/** The notifier without the given event kinds (they are dropped), e.g. when another alert already says the same. */
export function muteNotificationKinds(notifier: Notifier, kinds: readonly string[]): Notifier {
  return { notify: (userId, event) => (kinds.includes(event.kind) ? Promise.resolve() : notifier.notify(userId, event)) };
}
