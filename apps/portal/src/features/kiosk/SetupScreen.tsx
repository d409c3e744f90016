import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { FieldError, Form, Input, Label, Text, TextField } from 'react-aria-components';
import { ApiError, Button, Done } from '@city/web-kit';
import { useConfig } from '../../app/config';
import { whoIs } from './device';
import { useKiosk } from './kiosk-context';
import { BackToStart } from './PrintTicket';
import { sameToken } from './same-token';
import { useScreenTitle } from './screen-title';

/** The device token, typed by staff (hidden as it is typed). */
function TokenField({
  label,
  hint,
  value,
  onChange,
  error,
}: {
  label: string;
  hint?: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
}) {
  return (
    <TextField
      className="field"
      type="password"
      value={value}
      onChange={onChange}
      isRequired
      isInvalid={!!error}
      validationBehavior="aria"
      autoComplete="off"
    >
      <Label>
        {label}
        <span aria-hidden="true"> *</span>
      </Label>
      <Input />
      {hint ? <Text slot="description">{hint}</Text> : null}
      <FieldError className="field-error">{error}</FieldError>
    </TextField>
  );
}

/**
 * For staff: signing the kiosk in with its device token (checked with the gateway, then kept on the
 * device), what it has kept while offline and what the gateway refused, sending now, and signing
 * it out. Once the kiosk is signed in, the panel opens only for its token typed again (compared here
 * with the one kept), and closes when staff leave the screen or the kiosk starts again for the next
 * citizen: the "Staff" link at the foot of every screen shows a passer-by only the prompt.
 */
export default function SetupScreen() {
  const { t, i18n } = useTranslation();
  const { kioskOffices } = useConfig();
  const kiosk = useKiosk();
  const navigate = useNavigate();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  /** Staff typed the kept token on this screen: the panel shows (this state goes with the screen). */
  const [open, setOpen] = useState(false);
  const heading = useScreenTitle(
    !kiosk.device ? t('kiosk.setup.title') : open ? t('kiosk.setup.this') : t('kiosk.setup.staffTitle'),
  );

  const signIn = async (e: FormEvent) => {
    e.preventDefault();
    if (!token.trim()) return setError(t('kiosk.setup.tokenMissing'));
    setBusy(true);
    setError(undefined);
    try {
      kiosk.signIn(await whoIs(token.trim()));
      void navigate('/kiosk', { replace: true });
    } catch (x) {
      setError(
        x instanceof ApiError && x.status === 401
          ? t('kiosk.setup.tokenRefused')
          : t('kiosk.setup.unreachable'),
      );
    } finally {
      setBusy(false);
    }
  };

  const unlock = async (e: FormEvent) => {
    e.preventDefault();
    const typed = token.trim();
    if (!typed) return setError(t('kiosk.setup.tokenMissing'));
    if (kiosk.device && sameToken(typed, kiosk.device.token)) {
      setToken('');
      setError(undefined);
      return setOpen(true);
    }
    if (!kiosk.refused) return setError(t('kiosk.setup.tokenWrong'));
    // The kept token was withdrawn: staff sign the kiosk in again with its new one, which the gateway checks.
    setBusy(true);
    setError(undefined);
    try {
      kiosk.signIn(await whoIs(typed));
      setToken('');
      setOpen(true);
    } catch (x) {
      setError(
        x instanceof ApiError && x.status === 401
          ? t('kiosk.setup.tokenRefused')
          : t('kiosk.setup.unreachable'),
      );
    } finally {
      setBusy(false);
    }
  };

  const signOut = (e: FormEvent) => {
    e.preventDefault();
    if (!kiosk.device || !sameToken(token.trim(), kiosk.device.token))
      return setError(t('kiosk.setup.tokenWrong'));
    kiosk.signOut();
    setOpen(false);
    setToken('');
    setError(undefined);
  };

  const status = (
    <section aria-labelledby="kiosk-outbox" className="panel">
      <h2 id="kiosk-outbox">{t('kiosk.setup.outbox')}</h2>
      <dl className="facts">
        <div className="fact">
          <dt>{t('kiosk.setup.network')}</dt>
          <dd>{kiosk.online ? t('kiosk.setup.networkUp') : t('kiosk.setup.networkDown')}</dd>
        </div>
        <div className="fact">
          <dt>{t('kiosk.setup.pending')}</dt>
          <dd data-testid="kiosk-pending">{kiosk.outbox.pending}</dd>
        </div>
        {kiosk.outbox.otherDevices > 0 ? (
          <div className="fact">
            <dt>{t('kiosk.setup.otherDevices')}</dt>
            <dd>{kiosk.outbox.otherDevices}</dd>
          </div>
        ) : null}
        <div className="fact">
          <dt>{t('kiosk.setup.rejected')}</dt>
          <dd data-testid="kiosk-rejected">{kiosk.outbox.rejected}</dd>
        </div>
        <div className="fact">
          <dt>{t('kiosk.setup.lastSync')}</dt>
          <dd>
            {kiosk.outbox.last
              ? t('kiosk.setup.lastSyncWas', {
                  at: new Intl.DateTimeFormat(i18n.language, { timeStyle: 'medium' }).format(
                    new Date(kiosk.outbox.last.at),
                  ),
                  accepted: kiosk.outbox.last.result.accepted,
                  rejected: kiosk.outbox.last.result.rejected,
                  left: kiosk.outbox.last.result.left,
                })
              : t('kiosk.setup.never')}
          </dd>
        </div>
      </dl>
      {kiosk.outbox.rejected > 0 ? <p className="hint">{t('kiosk.setup.rejectedHint')}</p> : null}
      <div className="kiosk-actions">
        {kiosk.device ? (
          <Button
            className="kiosk-big"
            isDisabled={kiosk.outbox.syncing}
            onPress={() => void kiosk.syncNow().then(() => setSent(true))}
          >
            {kiosk.outbox.syncing ? t('kiosk.setup.sending') : t('kiosk.setup.sendNow')}
          </Button>
        ) : null}
        {kiosk.device && kiosk.outbox.rejected > 0 ? (
          <Button variant="secondary" className="kiosk-big" onPress={() => void kiosk.clearRejected()}>
            {t('kiosk.setup.clearRejected')}
          </Button>
        ) : null}
      </div>
      {sent && !kiosk.outbox.syncing ? (
        <Done>{t('kiosk.setup.sent', { count: kiosk.outbox.pending })}</Done>
      ) : null}
    </section>
  );

  if (!kiosk.device)
    return (
      <>
        <h1 ref={heading} tabIndex={-1}>
          {t('kiosk.setup.title')}
        </h1>
        <p className="kiosk-lead">{t('kiosk.setup.lead')}</p>
        <Form onSubmit={(e) => void signIn(e)} validationBehavior="aria" className="kiosk-form">
          <TokenField
            label={t('kiosk.setup.token')}
            hint={t('kiosk.setup.tokenHint')}
            value={token}
            onChange={setToken}
            error={error}
          />
          <Button type="submit" className="kiosk-big" isDisabled={busy}>
            {busy ? t('kiosk.setup.checking') : t('kiosk.setup.signIn')}
          </Button>
        </Form>
        {kiosk.outbox.otherDevices > 0 ? status : null}
      </>
    );

  const refused = kiosk.refused ? (
    <p role="alert" className="notice notice-warn">
      {t('kiosk.refused')}
    </p>
  ) : null;

  if (!open)
    return (
      <>
        <BackToStart />
        <h1 ref={heading} tabIndex={-1}>
          {t('kiosk.setup.staffTitle')}
        </h1>
        {refused}
        <p className="kiosk-lead">{t('kiosk.setup.staffLead')}</p>
        <Form onSubmit={(e) => void unlock(e)} validationBehavior="aria" className="kiosk-form">
          <TokenField label={t('kiosk.setup.token')} value={token} onChange={setToken} error={error} />
          <Button type="submit" className="kiosk-big" isDisabled={busy}>
            {busy ? t('kiosk.setup.checking') : t('kiosk.setup.open')}
          </Button>
        </Form>
      </>
    );

  const office = kioskOffices?.[kiosk.device.deviceId];
  return (
    <>
      <BackToStart />
      <h1 ref={heading} tabIndex={-1}>
        {t('kiosk.setup.this')}
      </h1>
      {refused}
      <dl className="facts panel">
        <div className="fact">
          <dt>{t('kiosk.setup.device')}</dt>
          <dd>{kiosk.device.deviceId}</dd>
        </div>
        <div className="fact">
          <dt>{t('kiosk.setup.location')}</dt>
          <dd>{kiosk.device.location}</dd>
        </div>
        <div className="fact">
          <dt>{t('kiosk.setup.office')}</dt>
          <dd>{office ?? t('kiosk.setup.noOffice')}</dd>
        </div>
      </dl>
      {status}
      <section aria-labelledby="kiosk-sign-out" className="panel">
        <h2 id="kiosk-sign-out">{t('kiosk.setup.signOut')}</h2>
        <p>{t('kiosk.setup.signOutLead')}</p>
        <Form onSubmit={signOut} validationBehavior="aria" className="kiosk-form">
          <TokenField label={t('kiosk.setup.token')} value={token} onChange={setToken} error={error} />
          <Button type="submit" variant="danger" className="kiosk-big">
            {t('kiosk.setup.signOut')}
          </Button>
        </Form>
      </section>
    </>
  );
}
