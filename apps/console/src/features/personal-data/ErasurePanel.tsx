import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ERASURE_GROUNDS } from '@city/contracts';
import { Button, Choose, ErrorNotice, Panel } from '@city/web-kit';
import { useApi } from '../../shared/api/client';

interface ErasureReport {
  erasedAt: string;
  erased: Record<string, Record<string, number>>;
}

/**
 * An administrator erases a citizen (docs/personal-data.md; GDPR article 17), on the ground they
 * name, after saying yes to what it means: every service anonymises what it holds of them, and it
 * cannot be undone. The service refuses while a request of theirs is open, and says which.
 */
export function ErasurePanel({ citizenId }: { citizenId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const qc = useQueryClient();
  const [ground, setGround] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const [asking, setAsking] = useState(false);
  const erased = useMutation({
    mutationFn: (g: string) =>
      api.send<ErasureReport>('cases', 'POST', `/api/v1/citizens/${encodeURIComponent(citizenId)}/erasure`, {
        ground: g,
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['citizen', citizenId] }),
  });
  const rows = erased.data
    ? Object.values(erased.data.erased).reduce(
        (n, counts) => n + Object.values(counts).reduce((a, b) => a + b, 0),
        0,
      )
    : 0;
  return (
    <Panel title={t('erasure.title')}>
      <p>{t('erasure.intro')}</p>
      <Choose
        label={t('erasure.ground')}
        choices={ERASURE_GROUNDS.map((g) => ({ id: g, label: t(`erasure.grounds.${g}`) }))}
        value={ground}
        onChange={(g) => {
          setGround(g);
          setMissing(false);
        }}
        isRequired
        error={missing ? t('erasure.groundFirst') : undefined}
      />
      <Button
        variant="danger"
        onPress={() => (ground ? setAsking(true) : setMissing(true))}
        isDisabled={erased.isPending}
      >
        {t('erasure.erase')}
      </Button>
      {erased.isSuccess ? <p role="status">{t('erasure.done', { count: rows })}</p> : null}
      <ErrorNotice error={erased.error} />
      <ModalOverlay
        className="modal-overlay"
        isOpen={asking}
        isDismissable
        onOpenChange={(open) => setAsking(open)}
      >
        <Modal className="modal">
          <Dialog role="alertdialog" className="modal-dialog" aria-describedby="erasure-confirm-text">
            <Heading slot="title">{t('erasure.confirmTitle')}</Heading>
            <p id="erasure-confirm-text">{t('erasure.confirmText')}</p>
            <div className="actions">
              <Button variant="secondary" onPress={() => setAsking(false)} autoFocus>
                {t('erasure.cancel')}
              </Button>
              <Button
                variant="danger"
                onPress={() => {
                  setAsking(false);
                  if (ground) erased.mutate(ground);
                }}
              >
                {t('erasure.confirm')}
              </Button>
            </div>
          </Dialog>
        </Modal>
      </ModalOverlay>
    </Panel>
  );
}
