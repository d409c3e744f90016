import type { CalendarDate } from '@internationalized/date';
import { useTranslation } from 'react-i18next';
import {
  Button,
  Calendar,
  CalendarCell,
  CalendarGrid,
  DateInput,
  DatePicker,
  DateSegment,
  Dialog,
  FieldError,
  Group,
  Heading,
  Label,
  Popover,
} from 'react-aria-components';

/**
 * A day, typed (day, month and year are each a field that takes digits and arrow keys) or chosen on
 * a calendar (the button, or Alt+Down; arrows move by day, Page Up and Down by month, Enter chooses):
 * React Aria's DatePicker, in the order and words of the person's language.
 */
export function DateChoice({
  label,
  value,
  onChange,
  error,
  maxValue,
}: {
  label: string;
  value: CalendarDate;
  onChange: (d: CalendarDate) => void;
  error?: string;
  maxValue?: CalendarDate;
}) {
  const { t } = useTranslation();
  return (
    <DatePicker
      className="field date-field"
      value={value}
      onChange={(d) => d && onChange(d)}
      isInvalid={!!error}
      validationBehavior="aria"
      maxValue={maxValue}
      granularity="day"
    >
      <Label className="date-label">{label}</Label>
      <Group className="date-group">
        <DateInput className="date-input">
          {(segment) => <DateSegment segment={segment} className="date-segment" />}
        </DateInput>
        <Button className="date-button" aria-label={t('reports.chooseOnCalendar', { label })}>
          <span aria-hidden="true">▾</span>
        </Button>
      </Group>
      <FieldError className="field-error">{error}</FieldError>
      <Popover className="popover">
        <Dialog className="calendar-dialog" aria-label={label}>
          <Calendar className="calendar">
            <header className="calendar-head">
              <Button slot="previous" className="date-button">
                <span aria-hidden="true">◀</span>
              </Button>
              <Heading />
              <Button slot="next" className="date-button">
                <span aria-hidden="true">▶</span>
              </Button>
            </header>
            <CalendarGrid>{(date) => <CalendarCell date={date} className="calendar-cell" />}</CalendarGrid>
          </Calendar>
        </Dialog>
      </Popover>
    </DatePicker>
  );
}
