import { useState } from 'react';
import { Link } from 'react-router';
import dayjs from 'dayjs';
import { Alert, Button, Card, Flex, Form, InputNumber, List, Radio, Result, Tag, Typography, type UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReadingView, SelfCheck } from '../../../server/modules/temperature/temperature.contract.ts';
import { ApiError } from '../../api.ts';
import { useApplyFieldErrors } from '../../ui/formErrors.ts';
import { formatFen } from '../../ui/money.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { PhotoPicker, PhotoThumbs, pickedFiles } from '../../ui/PhotoPicker.tsx';
import { useErrorText } from '../shell/errorText.ts';
import { uploadPhotos, useComplaints, useMyReadings, useOpenComplaint, useRecordReading, useRefreshMyReadings, useStatement } from './hooks.ts';
import { SelfCheckList } from './SelfCheckList.tsx';

const ROOMS = ['bedroom', 'living_room', 'other'] as const;
const NO_CHECKS: SelfCheck = { airBled: false, valveOpen: false, radiatorUncovered: false, windowsClosed: false };

interface Values {
  room: (typeof ROOMS)[number];
  celsius: number;
}

/**
 * The resident's own reading (室温自测), phone first: room, °C, send. Below the standard the
 * self-check list comes first, then the complaint button; below that, their complaints with
 * the steward's deadline and their reduction statement.
 */
export default function ReportPage() {
  const { t } = useTranslation('temperature');
  const [form] = Form.useForm<Values>();
  const record = useRecordReading();
  const complain = useOpenComplaint();
  const complaints = useComplaints();
  const readings = useMyReadings();
  const refreshReadings = useRefreshMyReadings();
  const statement = useStatement({});
  const errorText = useErrorText();
  const applyFieldErrors = useApplyFieldErrors();
  const [reading, setReading] = useState<ReadingView>();
  const [checks, setChecks] = useState<SelfCheck>(NO_CHECKS);
  const [problem, setProblem] = useState<string>();
  const [photos, setPhotos] = useState<UploadFile[]>([]);
  const [photoUrls, setPhotoUrls] = useState<string[]>([]);
  const [photoProblems, setPhotoProblems] = useState<string[]>([]);
  const open = complaints.data?.items.find((c) => c.status === 'open');

  const send = (v: Values) => {
    setProblem(undefined);
    setPhotoUrls([]);
    setPhotoProblems([]);
    // The reading goes first (a photo must never lose it); its photos follow, each on its own.
    record.mutate(v, {
      onSuccess: (r) => {
        setReading(r);
        setChecks(NO_CHECKS);
        const files = pickedFiles(photos);
        setPhotos([]);
        if (files.length === 0) return;
        const problems: string[] = [];
        void uploadPhotos({ readingId: r.id }, files, (f, err) => problems.push(t('report.photoFailed', { name: f.name, reason: errorText(err) }))).then((saved) => {
          setPhotoUrls(saved.map((p) => p.url));
          setPhotoProblems(problems);
          if (saved.length) void refreshReadings();
        });
      },
      onError: (err) => setProblem([errorText(err), ...(err instanceof ApiError ? applyFieldErrors(form, err) : [])].join(' ')),
    });
  };

  return (
    <div style={{ maxWidth: 560, marginInline: 'auto' }}>
      <PageHeader title={t('report.title')} subtitle={t('report.subtitle')} extra={<Link to="/temperature/guide">{t('report.guideLink')}</Link>} />
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} />}
      <Card>
        <Form<Values> form={form} layout="vertical" onFinish={send} initialValues={{ room: 'bedroom' }}>
          <Form.Item name="room" label={t('report.room')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" buttonStyle="solid" size="large" options={ROOMS.map((r) => ({ value: r, label: t(`room.${r}`) }))} />
          </Form.Item>
          <Form.Item name="celsius" label={t('report.celsius')} rules={[{ required: true, message: t('report.celsius') }]}>
            <InputNumber min={-30} max={50} step={0.1} precision={1} size="large" inputMode="decimal" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item label={t('report.photo')}>
            <PhotoPicker value={photos} onChange={setPhotos} max={3} label={t('report.addPhoto')} />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={record.isPending}>{t('report.submit')}</Button>
        </Form>
      </Card>

      {reading && (
        <Card style={{ marginTop: 12 }}>
          <Result
            style={{ padding: 8 }}
            status={reading.belowStandard ? 'warning' : 'success'}
            title={t('report.saved', { room: t(`room.${reading.room as 'bedroom'}`, { defaultValue: reading.room }), c: reading.celsius })}
            subTitle={reading.belowStandard ? t('report.below', { standard: reading.standardC }) : t('report.ok')}
          />
          <PhotoThumbs urls={photoUrls} alt={t('report.photoAlt')} />
          {photoProblems.map((p) => <Alert key={p} type="warning" showIcon title={p} style={{ marginTop: 8 }} />)}
          {reading.belowStandard && !open && (
            <>
              <Typography.Paragraph strong>{t('report.selfCheckFirst')}</Typography.Paragraph>
              <SelfCheckList value={checks} onChange={setChecks} />
              {complain.error && <Alert type="error" showIcon title={errorText(complain.error)} style={{ marginTop: 12 }} />}
              <Button
                type="primary"
                danger
                size="large"
                block
                style={{ marginTop: 16 }}
                loading={complain.isPending}
                onClick={() => complain.mutate({ readingId: reading.id, selfCheck: checks })}
              >
                {t('report.complain')}
              </Button>
            </>
          )}
        </Card>
      )}

      {open && (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 12 }}
          title={t('report.complaintOpen', { name: open.assigneeName, due: dayjs(open.measureDueAt).format('MM-DD HH:mm') })}
          description={open.assigneePhone && <a href={`tel:${open.assigneePhone}`}>{open.assigneePhone}</a>}
        />
      )}

      <Card title={t('report.myComplaints')} size="small" style={{ marginTop: 12 }}>
        <List
          dataSource={complaints.data?.items ?? []}
          locale={{ emptyText: '—' }}
          renderItem={(c) => (
            <List.Item>
              <Flex justify="space-between" style={{ width: '100%' }} wrap gap={8}>
                <span>#{c.id} {dayjs(c.openedAt).format('MM-DD HH:mm')}{c.readingC !== null && ` · ${c.readingC} °C`}</span>
                <Tag color={c.status === 'open' ? (c.overdue ? 'red' : 'orange') : 'green'}>{t(`status.${c.status}`)}</Tag>
              </Flex>
            </List.Item>
          )}
        />
      </Card>

      <Card title={t('report.statement')} size="small" style={{ marginTop: 12 }}>
        {statement.data && statement.data.days.length > 0 ? (
          <>
            <Typography.Paragraph>{t('settlement.reducedDays', { n: statement.data.reducedDays })} · {t('settlement.owed', { amount: formatFen(statement.data.owedFen) })}</Typography.Paragraph>
            <List
              size="small"
              dataSource={statement.data.days.filter((d) => d.reductionFen > 0)}
              renderItem={(d) => (
                <List.Item>
                  <Flex justify="space-between" style={{ width: '100%' }}>
                    <span>{d.day} · {d.kind === 'outage' ? `${t('settlement.kinds.outage')} ${d.outageHours} h` : `${d.measuredC} °C`}</span>
                    <span>{formatFen(d.reductionFen)}</span>
                  </Flex>
                </List.Item>
              )}
            />
          </>
        ) : (
          <Typography.Text type="secondary">{t('report.noStatement')}</Typography.Text>
        )}
      </Card>

      <Card title={t('report.myReadings')} size="small" style={{ marginTop: 12, marginBottom: 24 }}>
        <List
          size="small"
          dataSource={readings.data?.items ?? []}
          locale={{ emptyText: '—' }}
          renderItem={(r) => (
            <List.Item>
              <Flex vertical gap={6} style={{ width: '100%' }}>
                <Flex justify="space-between">
                  <span>{dayjs(r.measuredAt).format('MM-DD HH:mm')} · {t(`room.${r.room as 'bedroom'}`, { defaultValue: r.room })}</span>
                  <Tag color={r.belowStandard ? 'orange' : 'green'}>{r.celsius} °C</Tag>
                </Flex>
                {/* 48 px: small in the list, still a finger-sized target to tap and enlarge. */}
                <PhotoThumbs urls={r.photoUrls} size={48} alt={t('report.photoAlt')} />
              </Flex>
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
