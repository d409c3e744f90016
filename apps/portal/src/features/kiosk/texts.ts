import en from './locales/en.json';
import nl from './locales/nl.json';
import sv from './locales/sv.json';

/** Kiosk mode's texts per language, merged into the portal's i18next resources. */
export const kioskTexts = { en, nl, sv };
