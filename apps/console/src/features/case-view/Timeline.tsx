import { useTranslation } from 'react-i18next';
import { dateTime } from '@city/web-kit';
import type { Interaction, TimelineEntry } from '../../shared/api/types';

/** Everything that happened to a case, oldest first, and every contact about it on every channel. */
export function Timeline({
  entries,
  interactions,
}: {
  entries: TimelineEntry[];
  interactions: Interaction[];
}) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <ol className="timeline">
        {entries.map((e, i) => (
          <li key={i} className={`tl tl-${e.kind}`}>
            <time dateTime={e.at}>{dateTime(e.at, i18n.language)}</time>{' '}
            <strong>{t(`timeline.${e.kind}`, { defaultValue: e.kind })}</strong>
            {e.channel ? ` · ${t(`channels.${e.channel}`, { defaultValue: e.channel })}` : ''} · {e.actor}
            <p>{e.summary}</p>
            {e.message ? <blockquote className="citizen-message">{e.message}</blockquote> : null}
          </li>
        ))}
      </ol>
      <h3>{t('case.interactions')}</h3>
      {interactions.length === 0 ? <p>{t('case.noInteractions')}</p> : null}
      <ul className="plain">
        {interactions.map((x) => (
          <li key={x.id}>
            <time dateTime={x.occurredAt}>{dateTime(x.occurredAt, i18n.language)}</time> ·{' '}
            {t(`channels.${x.channel}`, { defaultValue: x.channel })} ·{' '}
            {t(`interactions.${x.kind}`, { defaultValue: x.kind })}
            {x.handledBy ? ` · ${x.handledBy}` : ''} — {x.summary}
          </li>
        ))}
      </ul>
    </>
  );
}
