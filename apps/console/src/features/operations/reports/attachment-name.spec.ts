import { attachmentName } from './attachment-name';

describe('the name a downloaded report is saved under', () => {
  it('is the name the service gives, quoted, bare or encoded', () => {
    expect(attachmentName('attachment; filename="standard-of-service-2026-11-01.csv"', 'x.csv')).toBe(
      'standard-of-service-2026-11-01.csv',
    );
    expect(attachmentName('attachment; filename=demand.csv', 'x.csv')).toBe('demand.csv');
    expect(attachmentName("attachment; filename*=UTF-8''r%C3%A4ttvisa.csv", 'x.csv')).toBe('rättvisa.csv');
  });

  it('is the fallback when the service gives none, or one that cannot be read', () => {
    expect(attachmentName(null, 'report.csv')).toBe('report.csv');
    expect(attachmentName('attachment', 'report.csv')).toBe('report.csv');
    expect(attachmentName("attachment; filename*=UTF-8''%E0%A4", 'report.csv')).toBe('report.csv');
  });
});
