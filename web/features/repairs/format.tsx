import { useEffect, useState } from 'react';
import { Tag } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { RequestStatus, SlaProfileName } from '../../../server/modules/repairs/repairs.contract.ts';

const STATUS_COLOR: Record<RequestStatus, string> = {
  submitted: 'blue',
  accepted: 'cyan',
  on_site: 'geekblue',
  waiting: 'gold',
  resolved: 'green',
  confirmed: 'success',
  reopened: 'volcano',
  cancelled: 'default',
  duplicate: 'default',
};

export function StatusTag({ status }: { status: RequestStatus }) {
  const { t } = useTranslation('repairs');
  return <Tag color={STATUS_COLOR[status]}>{t(`status.${status}`)}</Tag>;
}

/** A short wall-clock time: today's show the hour only, others the date too. */
/** Which promise a request's times come from: special periods and cold snaps change them. */
export function SlaProfileTag({ profile }: { profile: SlaProfileName }) {
  const { t } = useTranslation('repairs');
  const color = profile === 'special' ? 'gold' : profile === 'coldSnap' ? 'blue' : undefined;
  return (
    <Tag data-testid="repair-sla-profile" color={color}>
      {t(`detail.profile.${profile}`)}
    </Tag>
  );
}

export function when(iso: string): string {
  const d = dayjs(iso);
  return d.isSame(dayjs(), 'day') ? d.format('HH:mm') : d.format('MM-DD HH:mm');
}

/** "2 h 5 min" for a span in milliseconds (sign ignored), in the UI language. */
export function useSpan(): (ms: number) => string {
  const { t } = useTranslation('repairs');
  return (ms) => {
    const mins = Math.floor(Math.abs(ms) / 60_000);
    const d = Math.floor(mins / 1440);
    const h = Math.floor((mins % 1440) / 60);
    const m = mins % 60;
    if (d > 0) return t('time.days', { d, h });
    if (h > 0) return t('time.hours', { h, m });
    return t('time.minutes', { m });
  };
}

/** The current time, ticking every `ms`, so "time left" counts down between polls too. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(id);
  }, [ms]);
  return now;
}
