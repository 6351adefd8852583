/** The public shape of an output channel, which the coalescing wrapper shares. */
export type { DeliveryChannel } from '@talaria/notifiers';
