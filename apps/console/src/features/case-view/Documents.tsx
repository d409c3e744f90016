import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ErrorNotice, dateTime } from '@city/web-kit';
import { ApiError, useApi } from '../../shared/api/client';
import type { CaseDocumentView } from '../../shared/api/types';

/** The short name of each type a citizen may send (its text in the catalogues: `documents.type.<key>`). */
const TYPE_KEYS: Record<CaseDocumentView['contentType'], string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heic',
};

/** A size as people read it, in their language's digits and units: 48 kB, 1.2 MB. */
export function sizeText(bytes: number, language: string): string {
  const mb = bytes >= 1024 * 1024;
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: mb ? 'megabyte' : 'kilobyte',
    unitDisplay: 'short',
    maximumFractionDigits: mb ? 1 : 0,
  }).format(mb ? bytes / (1024 * 1024) : Math.max(1, Math.round(bytes / 1024)));
}

/** The name the service gives a download (`filename*` of Content-Disposition), or the document's own. */
function nameOf(res: Response, fallback: string): string {
  const m = /filename\*=UTF-8''([^;]+)/i.exec(res.headers.get('content-disposition') ?? '');
  try {
    return m ? decodeURIComponent(m[1]) : fallback;
  } catch {
    return fallback;
  }
}

/**
 * The documents citizens sent with their replies: name, type, size and when, each downloaded with
 * the agent's token (the API answers an attachment; the browser saves it from an object URL, so no
 * token is ever put in an address).
 */
export function Documents({ reference, documents }: { reference: string; documents: CaseDocumentView[] }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const download = async (d: CaseDocumentView) => {
    setBusy(d.id);
    setError(null);
    try {
      const res = await api.raw(
        'cases',
        `/api/v1/cases/${encodeURIComponent(reference)}/documents/${encodeURIComponent(d.id)}`,
        { headers: { accept: `${d.contentType}, application/json` } },
      );
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as {
          message?: string;
          errors?: Array<{ field: string; reason: string }>;
          code?: string;
        } | null;
        throw new ApiError(res.status, body?.message ?? res.statusText, body?.errors ?? [], body?.code);
      }
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = nameOf(res, d.name);
      document.body.appendChild(a);
      a.click();
      a.remove();
      // Long enough for the browser to have started saving it.
      setTimeout(() => URL.revokeObjectURL(url), 30_000);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  if (documents.length === 0) return <p>{t('documents.none')}</p>;
  return (
    <>
      <ErrorNotice error={error} />
      <ul className="plain documents">
        {documents.map((d) => (
          <li key={d.id}>
            <strong>{d.name}</strong> · {t(`documents.type.${TYPE_KEYS[d.contentType]}`)} ·{' '}
            {sizeText(d.size, i18n.language)} ·{' '}
            <time dateTime={d.uploadedAt}>{dateTime(d.uploadedAt, i18n.language)}</time>
            {d.scan === 'not-scanned' ? ` · ${t('documents.notScanned')}` : ''}{' '}
            <Button
              variant="secondary"
              isDisabled={busy !== null}
              aria-label={t('documents.downloadNamed', { name: d.name })}
              onPress={() => void download(d)}
            >
              {busy === d.id ? t('documents.downloading') : t('documents.download')}
            </Button>
          </li>
        ))}
      </ul>
    </>
  );
}
