import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { kitTexts } from '@city/web-kit/texts';
import { requestFormTexts } from '@city/web-request-form/texts';
import en from './locales/en.json';
import nl from './locales/nl.json';
import sv from './locales/sv.json';

/** The console's languages: the catalogue's and the messages' (English, Dutch, Swedish). */
export const LANGUAGES = ['en', 'nl', 'sv'] as const;
export type Language = (typeof LANGUAGES)[number];

const isLanguage = (l: string | null | undefined): l is Language =>
  !!l && (LANGUAGES as readonly string[]).includes(l);

const storageKey = (user: string) => `console.language.${user}`;

/** The language a person chose on this device, else the first of the browser's that the console speaks. */
export function preferredLanguage(user: string | null): Language {
  // Only the person's own choice: one clerk's language never carries over to the next at a shared PC.
  const chosen = user ? localStorage.getItem(storageKey(user)) : null;
  if (isLanguage(chosen)) return chosen;
  for (const l of navigator.languages ?? [navigator.language])
    if (isLanguage(l?.slice(0, 2))) return l.slice(0, 2) as Language;
  return 'en';
}

/** Each person's choice is kept per user name, so two clerks sharing a counter PC each get theirs. */
export async function chooseLanguage(language: Language, user: string | null): Promise<void> {
  if (user) localStorage.setItem(storageKey(user), language);
  await i18n.changeLanguage(language);
}

i18n.on('languageChanged', (l) => {
  document.documentElement.lang = l;
});

void i18n.use(initReactI18next).init({
  // The console's texts, the shared kit's and the request form's, one catalogue per language.
  resources: Object.fromEntries(
    Object.entries({ en, nl, sv }).map(([l, texts]) => [
      l,
      { translation: { ...texts, ...kitTexts[l as Language], ...requestFormTexts[l as Language] } },
    ]),
  ),
  lng: preferredLanguage(null),
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
