import type { Priority } from '@talaria/falco-event';

/**
 * Slack emoji shown before the priority, coloured from red for the most
 * severe to white for debug output, so the severity reads at a glance.
 */
const PRIORITY_EMOJI: Record<Priority, string> = {
  Emergency: ':rotating_light:',
  Alert: ':rotating_light:',
  Critical: ':red_circle:',
  Error: ':large_orange_circle:',
  Warning: ':large_yellow_circle:',
  Notice: ':large_blue_circle:',
  Informational: ':white_circle:',
  Debug: ':white_circle:',
};

/** Returns the emoji for a priority; an unknown name gets the most severe one, as routing ranks it. */
export function priorityEmoji(priority: string): string {
  return PRIORITY_EMOJI[priority as Priority] ?? PRIORITY_EMOJI.Emergency;
}
