import { z } from 'zod';

/** The four ways a citizen reaches the city. Channel parity is measured across exactly these. */
export const CHANNELS = ['web', 'phone', 'kiosk', 'counter'] as const;
export type Channel = (typeof CHANNELS)[number];
export const channelSchema = z.enum(CHANNELS);

/** Channels on which the city can send updates to a citizen. */
export const UPDATE_CHANNELS = ['email', 'sms', 'web', 'phone', 'post'] as const;
export type UpdateChannel = (typeof UPDATE_CHANNELS)[number];

/** Languages the city serves (BCP 47 primary tags); English is the fallback for every text. */
export const LANGUAGES = ['en', 'nl', 'sv', 'da', 'de', 'no', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
export const languageSchema = z.enum(LANGUAGES);
