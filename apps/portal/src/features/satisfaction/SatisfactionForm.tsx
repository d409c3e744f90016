import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Form, Label, Radio, RadioGroup, Text } from 'react-aria-components';
import type { SatisfactionOfRequest, SatisfactionQuestion, SatisfactionScore } from '@city/contracts';
import { Button, dateTime, ErrorNotice, isConflict } from '@city/web-kit';

/** The scale (the contracts' SATISFACTION_SCORES; spelled here so this chunk carries no schemas). */
const SCORES: readonly SatisfactionScore[] = [1, 2, 3, 4, 5];

/**
 * "How satisfied are you with how we handled your request?" on a scale of 1 to 5, as a group of radio
 * buttons (arrow keys, or a tap), then "Send". The answer given is said, and while the question is
 * open it may be changed; once closed the page says so. `send` is how the answer goes: by the
 * emailed link's token, or by the request's second factor; `onDone` says it in the live region of the
 * page it is on (else the form has one of its own).
 */
export function SatisfactionForm({
  reference,
  question,
  send,
  onDone,
}: {
  reference: string;
  question: SatisfactionQuestion;
  send: (score: SatisfactionScore) => Promise<SatisfactionOfRequest>;
  onDone?: (said: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState(question);
  const [score, setScore] = useState<string>(state.answer ? String(state.answer.score) : '');
  const [missing, setMissing] = useState(false);
  const [thanked, setThanked] = useState(false);
  const answer = useMutation({
    mutationFn: (s: SatisfactionScore) => send(s),
    onSuccess: (now) => {
      setState(now);
      setThanked(true);
      onDone?.(t('satisfaction.thanks'));
    },
  });
  const words = (s: number) => t(`satisfaction.score.${s}`);
  const given = state.answer;
  const until = dateTime(state.openUntil, i18n.language);

  return (
    <div className="satisfaction">
      {/* What was done, said where a screen reader hears it (always there, so it is announced); on a
          request's page, that request's one live region says it instead (`onDone`). */}
      {onDone ? null : (
        <p role="status" className={thanked ? 'notice notice-done' : 'visually-hidden'}>
          {thanked ? t('satisfaction.thanks') : ''}
        </p>
      )}
      {given ? (
        <p>
          {t('satisfaction.given', {
            words: words(given.score),
            score: String(given.score),
            date: dateTime(given.at, i18n.language),
          })}
        </p>
      ) : null}
      {!state.open ? (
        <p className="notice">{t('satisfaction.closedOn', { date: until })}</p>
      ) : (
        <Form
          aria-label={t('satisfaction.question', { reference })}
          onSubmit={(e) => {
            e.preventDefault();
            if (!score) return setMissing(true);
            answer.mutate(Number(score) as SatisfactionScore);
          }}
        >
          <RadioGroup
            className="field choice-group"
            value={score || null}
            onChange={(v) => {
              setScore(v);
              setMissing(false);
            }}
            isRequired
            isInvalid={missing}
            validationBehavior="aria"
          >
            <Label>{t('satisfaction.question', { reference })}</Label>
            <Text slot="description">{t('satisfaction.scale')}</Text>
            {SCORES.map((s) => (
              <Radio key={s} value={String(s)} className="choice">
                {t('satisfaction.option', { score: String(s), words: words(s) })}
              </Radio>
            ))}
            {missing ? <p className="field-error">{t('satisfaction.choose')}</p> : null}
          </RadioGroup>
          <p className="hint">
            {t(given ? 'satisfaction.changeUntil' : 'satisfaction.until', { date: until })}
          </p>
          {isConflict(answer.error) ? (
            // The window closed meanwhile, or the request is not one we ask about.
            <p role="alert" className="notice notice-error">
              {t('satisfaction.tooLate')}
            </p>
          ) : (
            <ErrorNotice error={answer.error} quiet />
          )}
          <Button type="submit" isDisabled={answer.isPending}>
            {t(given ? 'satisfaction.change' : 'satisfaction.send')}
          </Button>
        </Form>
      )}
    </div>
  );
}
