import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Form } from 'react-aria-components';
import { Button, ErrorNotice, Field, fieldReason } from '@city/web-kit';
import { api } from '../../shared/api/client';
import { FileField, MAX_FILES } from '../../shared/FileField';
import { requestPath, type SecondFactor } from '../../shared/second-factor';

/** The case-service's answer to a reply. */
interface Replied {
  reference: string;
  status: string;
  documents: Array<{ id: string; name: string; contentType: string; size: number }>;
}

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
  api.send<Replied>('cases', 'POST', `${requestPath(reference)}/replies`, body);

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
  // Each reply sent clears the file field (a new key).
  const [sent, setSent] = useState(0);
  const [message, setMessage] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [empty, setEmpty] = useState(false);
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
  const fileError = send.error ? fieldReason(send.error, 'file') : undefined;
  return (
    <Form
      aria-label={t(mode === 'answer' ? 'reply.answerLabel' : 'reply.addLabel')}
      onSubmit={(e) => {
        e.preventDefault();
        if (!message.trim() && files.length === 0) return setEmpty(true);
        setEmpty(false);
        send.mutate();
      }}
    >
      <Field
        label={t('reply.message')}
        multiline
        value={message}
        onChange={setMessage}
        error={fieldReason(send.error, 'message')}
      />
      <FileField
        key={sent}
        label={t('reply.files', { count: MAX_FILES })}
        hint={t('reply.filesHint')}
        error={fileError}
        files={files}
        onChange={setFiles}
      />
      {empty ? (
        <p role="alert" className="field-error">
          {t('reply.empty')}
        </p>
      ) : null}
      <ErrorNotice error={send.error} />
      <Button type="submit" isDisabled={send.isPending}>
        {t(mode === 'answer' ? 'reply.sendAnswer' : 'reply.send')}
      </Button>
    </Form>
  );
}
