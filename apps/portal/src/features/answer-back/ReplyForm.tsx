import { useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RequestReply } from '@city/contracts';
import { useTranslation } from 'react-i18next';
import { Form } from 'react-aria-components';
import { ApiError, Button, ErrorNotice, Field, fieldReason, isConflict } from '@city/web-kit';
import { api } from '../../shared/api/client';
import { useConfig } from '../../app/config';
import { FileField, MAX_FILES, megabytes } from '../../shared/FileField';
import { requestPath, type SecondFactor } from '../../shared/second-factor';

/** A reply as the case-service takes it: the second factor, the message, the files. */
export function replyBody(factor: SecondFactor, message: string, files: File[]): FormData {
  const body = new FormData();
  if ('email' in factor) body.append('email', factor.email);
  else body.append('phone', factor.phone);
  if (message.trim()) body.append('message', message.trim());
  for (const f of files) body.append('file', f, f.name);
  return body;
}

export const sendReply = (reference: string, body: FormData) =>
  api.send<RequestReply>('cases', 'POST', `${requestPath(reference)}/replies`, body);

/**
 * The citizen answers what the city asked for (a document, some information), or adds photos or a
 * document to their request. The case-service checks each file (its type by its content, its size,
 * the city's virus scan) and, for a request waiting for them, moves it on.
 */
export function ReplyForm({
  reference,
  factor,
  mode,
  onDone,
}: {
  reference: string;
  factor: SecondFactor;
  mode: 'answer' | 'add';
  /** Told what was sent, in a sentence for the citizen. */
  onDone: (said: string) => void;
}) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const mb = megabytes(useConfig().documentMaxBytes);
  // Each reply sent clears the file field (a new key).
  const [sent, setSent] = useState(0);
  const [message, setMessage] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [empty, setEmpty] = useState(false);
  const messageInput = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const send = useMutation({
    mutationFn: () => sendReply(reference, replyBody(factor, message, files)),
    onSuccess: (replied) => {
      onDone(t('reply.sent', { count: replied.documents.length }));
      setMessage('');
      setFiles([]);
      setSent((n) => n + 1);
      void queries.invalidateQueries({ queryKey: ['follow'] });
      void queries.invalidateQueries({ queryKey: ['inbox'] });
      void queries.invalidateQueries({ queryKey: ['me'] });
    },
  });
  // A file refused: why, in the citizen's words (its size, its kind, the safety check).
  const fileError =
    send.error instanceof ApiError && fieldReason(send.error, 'file')
      ? t(`reply.fileRefused.${send.error.status}`, { mb, defaultValue: fieldReason(send.error, 'file') })
      : undefined;
  return (
    <Form
      aria-label={t(mode === 'answer' ? 'reply.answerLabel' : 'reply.addLabel')}
      onSubmit={(e) => {
        e.preventDefault();
        if (!message.trim() && files.length === 0) {
          setEmpty(true);
          messageInput.current?.focus();
          return;
        }
        setEmpty(false);
        send.mutate();
      }}
    >
      <Field
        inputRef={messageInput}
        label={t('reply.message')}
        multiline
        value={message}
        onChange={setMessage}
        error={empty ? t('reply.empty') : fieldReason(send.error, 'message')}
      />
      <FileField
        key={sent}
        label={t('reply.files', { count: MAX_FILES })}
        hint={t('reply.filesHint', { mb })}
        error={fileError}
        files={files}
        onChange={setFiles}
      />
      {isConflict(send.error) ? (
        <p role="alert" className="notice notice-error">
          {t('reply.finished')}
        </p>
      ) : (
        <ErrorNotice error={send.error} quiet />
      )}
      <Button type="submit" isDisabled={send.isPending}>
        {t(mode === 'answer' ? 'reply.sendAnswer' : 'reply.send')}
      </Button>
    </Form>
  );
}
