import en from './locales/en.json';
import nl from './locales/nl.json';
import sv from './locales/sv.json';

/** The kit's own texts per language, merged into each app's i18next resources. */
export const kitTexts = { en, nl, sv };
