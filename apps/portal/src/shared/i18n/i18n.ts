import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { kitTexts } from '@city/web-kit/texts';
import { requestFormTexts } from '@city/web-request-form/texts';
import en from './locales/en.json';
import nl from './locales/nl.json';
import sv from './locales/sv.json';

/** The portal's languages: the catalogue's and the messages' (English, Dutch, Swedish). */
export const LANGUAGES = ['en', 'nl', 'sv'] as const;
export type Language = (typeof LANGUAGES)[number];

const KEY = 'portal.language';
/** The languages this city speaks to its people, its own first (`/config.json`'s `languages`; all three until read). */
let spoken: readonly Language[] = LANGUAGES;
const isLanguage = (l: string | null | undefined): l is Language => !!l && spoken.includes(l as Language);

/** The language the citizen chose on this device, else the first of the browser's the city speaks, else the city's own. */
function preferred(): Language {
  const chosen = localStorage.getItem(KEY);
  if (isLanguage(chosen)) return chosen;
  for (const l of navigator.languages ?? [navigator.language])
    if (isLanguage(l?.slice(0, 2))) return l.slice(0, 2) as Language;
  return spoken[0] ?? 'en';
}

/** The city's languages, once `/config.json` is read: the portal offers those, and speaks one of them. */
export async function speakCityLanguages(languages: readonly Language[] | undefined): Promise<void> {
  const known = (languages ?? []).filter((l) => (LANGUAGES as readonly string[]).includes(l));
  spoken = known.length > 0 ? known : LANGUAGES;
  if (!spoken.includes(i18n.language as Language)) await i18n.changeLanguage(preferred());
}

/** The languages the city speaks, its own first. */
export const cityLanguages = (): readonly Language[] => spoken;

export async function chooseLanguage(language: Language): Promise<void> {
  localStorage.setItem(KEY, language);
  await i18n.changeLanguage(language);
}

i18n.on('languageChanged', (l) => {
  document.documentElement.lang = l;
});

void i18n.use(initReactI18next).init({
  resources: Object.fromEntries(
    Object.entries({ en, nl, sv }).map(([l, texts]) => [
      l,
      { translation: { ...texts, ...kitTexts[l as Language], ...requestFormTexts[l as Language] } },
    ]),
  ),
  lng: preferred(),
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
});

/**
 * Merges a feature's own texts (per language) into the portal's, when the feature's chunk loads:
 * kiosk mode's texts stay out of the citizen portal's first download.
 */
export function addTexts(texts: Record<Language, object>): void {
  for (const l of LANGUAGES) i18n.addResourceBundle(l, 'translation', texts[l], true, false);
}

export default i18n;
