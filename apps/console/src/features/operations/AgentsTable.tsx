import { useTranslation } from 'react-i18next';
import { relativeTime } from '@city/web-kit';
import type { AgentLoad } from './ops-types';

/**
 * Who is at work and what they hold: the agents and clerks signed in now, and anyone still holding
 * cases though signed out (work that may be stuck), the busiest first.
 */
export function AgentsTable({
  agents,
  signedIn,
  now,
}: {
  agents: AgentLoad[];
  signedIn: number;
  now: number;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  if (agents.length === 0) return <p>{t('operations.noAgents')}</p>;
  return (
    <>
      <p>{t('operations.signedInCount', { count: signedIn })}</p>
      <table className="figures">
        <caption className="visually-hidden">{t('operations.agents')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('operations.agent')}</th>
            <th scope="col">{t('operations.signedIn')}</th>
            <th scope="col">{t('operations.col.held')}</th>
            <th scope="col">{t('operations.capacity')}</th>
            <th scope="col">{t('operations.oldestHeld')}</th>
            <th scope="col">{t('operations.nextDue')}</th>
          </tr>
        </thead>
        <tbody>
          {[...agents]
            .sort((a, b) => b.held - a.held || a.agent.localeCompare(b.agent))
            .map((a) => (
              <tr key={a.agent}>
                <th scope="row">{a.agent}</th>
                <td>{a.signedIn ? t('operations.yes') : t('operations.signedOut')}</td>
                <td>{a.held}</td>
                <td>{a.capacity ?? '—'}</td>
                <td>{a.oldestHeldSince ? relativeTime(a.oldestHeldSince, now, language) : '—'}</td>
                <td>{a.nextDueAt ? relativeTime(a.nextDueAt, now, language) : '—'}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </>
  );
}
