import { useTranslation } from 'react-i18next';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { Button } from '@city/web-kit';
import type { IdlePhase } from './idle';

/**
 * "Are you still there?": the last seconds before the kiosk starts again, counting down. An alert
 * dialog (announced as it opens, the focus on its button); any touch, inside or outside it, keeps
 * the session. The countdown is announced at 10 and 5 seconds, not every second.
 */
export function IdleWarning({ phase, onStay }: { phase: IdlePhase; onStay: () => void }) {
  const { t } = useTranslation();
  const open = phase.phase === 'warning';
  const left = phase.phase === 'warning' ? phase.secondsLeft : 0;
  const announced = left > 10 ? null : left > 5 ? 10 : 5;
  return (
    <ModalOverlay
      className="kiosk-overlay"
      isOpen={open}
      isDismissable
      onOpenChange={(isOpen) => {
        if (!isOpen) onStay();
      }}
    >
      <Modal className="kiosk-modal">
        <Dialog role="alertdialog" className="kiosk-dialog" aria-describedby="kiosk-idle-text">
          <Heading slot="title">{t('kiosk.idle.title')}</Heading>
          <p id="kiosk-idle-text">{t('kiosk.idle.text', { seconds: left })}</p>
          <p className="kiosk-countdown" aria-hidden="true">
            {left}
          </p>
          <p className="visually-hidden" aria-live="assertive">
            {announced !== null ? t('kiosk.idle.text', { seconds: announced }) : ''}
          </p>
          <Button className="kiosk-big" onPress={onStay} autoFocus>
            {t('kiosk.idle.stay')}
          </Button>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
