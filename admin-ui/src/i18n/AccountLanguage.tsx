/**
 * At sign-in, a browser that has not chosen a language takes the one saved on the account (chosen on
 * another device, or set by the council when it invited the person); a browser that has chosen one
 * keeps it and saves it on the account, so e-mails and documents follow the language in use.
 */
import { useEffect } from 'react';
import { useLocaleState, useLocales } from 'react-admin';
import { answer, registry, session } from '../api';
import { chosenInThisBrowser } from '.';

export function AccountLanguage() {
  const [locale, setLocale] = useLocaleState();
  const offered = useLocales();
  useEffect(() => {
    const follow = () => {
      const account = session.account;
      if (!account) return;
      const chosen = chosenInThisBrowser();
      if (chosen && chosen !== account.locale && offered.some((l) => l.locale === chosen)) {
        account.locale = chosen;
        void answer(registry.PUT('/api/v1/auth/me/language', { body: { language: chosen } })).catch(() => {});
      } else if (!chosen && account.locale !== locale && offered.some((l) => l.locale === account.locale))
        setLocale(account.locale);
    };
    follow();
    const off = session.onChange(follow);
    return () => {
      off();
    };
  }, [locale, offered, setLocale]);
  return null;
}
