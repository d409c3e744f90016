import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IDENTITY_CHECKS } from '@city/contracts';
import { Button, Choose, ErrorNotice, Panel, saveJson } from '@city/web-kit';
import { useApi } from '../../shared/api/client';

/**
 * A citizen's right of access, asked on the phone, at the counter or by letter (docs/personal-data.md):
 * once staff have checked who is asking, and said how, everything the city holds about the citizen,
 * as one file to hand over. The service refuses an export without the check, and audits each one.
 */
export function PersonalDataPanel({ citizenId }: { citizenId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const [check, setCheck] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const exported = useMutation({
    mutationFn: (identityCheck: string) =>
      api.send<unknown>('cases', 'POST', `/api/v1/citizens/${encodeURIComponent(citizenId)}/personal-data`, {
        identityCheck,
      }),
    onSuccess: (data) => saveJson(data, `personal-data-${citizenId}.json`),
  });
  return (
    <Panel title={t('personalData.title')}>
      <p>{t('personalData.intro')}</p>
      <Choose
        label={t('personalData.identityCheck')}
        choices={IDENTITY_CHECKS.map((c) => ({ id: c, label: t(`personalData.checks.${c}`) }))}
        value={check}
        onChange={(c) => {
          setCheck(c);
          setMissing(false);
        }}
        isRequired
        error={missing ? t('personalData.checkFirst') : undefined}
      />
      <Button
        onPress={() => (check ? exported.mutate(check) : setMissing(true))}
        isDisabled={exported.isPending}
      >
        {exported.isPending ? t('personalData.gathering') : t('personalData.export')}
      </Button>
      {exported.isSuccess ? <p role="status">{t('personalData.exported')}</p> : null}
      <ErrorNotice error={exported.error} />
    </Panel>
  );
}
