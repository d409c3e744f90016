import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, ErrorNotice, Panel, saveJson } from '@city/web-kit';
import { api } from '../../shared/api/client';

/**
 * A signed-in citizen's right of access (docs/personal-data.md): everything the city holds about
 * them, from every service, as one file to keep or take elsewhere.
 */
export function MyDataPanel() {
  const { t } = useTranslation();
  const download = useMutation({
    mutationFn: () => api.get<unknown>('cases', '/api/v1/me/personal-data'),
    onSuccess: (data) => saveJson(data, 'personal-data.json'),
  });
  return (
    <Panel title={t('myData.title')}>
      <p>{t('myData.intro')}</p>
      <Button onPress={() => download.mutate()} isDisabled={download.isPending}>
        {download.isPending ? t('myData.gathering') : t('myData.download')}
      </Button>
      {download.isSuccess ? <p role="status">{t('myData.downloaded')}</p> : null}
      <ErrorNotice error={download.error} />
    </Panel>
  );
}
