import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Col, Flex, Input, Result, Row, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { REPAIR_CATEGORIES, type RepairCategory } from '../../../server/modules/repairs/repairs.contract.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useErrorText } from '../shell/errorText.ts';
import { uploadPhoto, useOpenRequest } from './hooks.ts';
import { RequestView } from './RequestView.tsx';

/**
 * One-click report (一键报修): the home card is the first tap, a category the second, and that
 * tap sends. The optional note sits just under the buttons, in view, for those who type first;
 * the household and phone come from the account, never asked for.
 */
export default function ReportPage() {
  const { t } = useTranslation('repairs');
  const errorText = useErrorText();
  const open = useOpenRequest();
  const [note, setNote] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [photoProblems, setPhotoProblems] = useState<string[]>([]);

  if (open.data) {
    return (
      <div style={{ maxWidth: 560, marginInline: 'auto' }}>
        <Result status="success" title={t('report.sent')} subTitle={t('report.sentHint')} style={{ padding: '8px 0 16px' }} />
        {photoProblems.map((p) => (
          <Alert key={p} type="warning" showIcon message={p} style={{ marginBottom: 12 }} />
        ))}
        <Card>
          <RequestView request={open.data} showTimeline={false} />
        </Card>
        <Flex gap={8} wrap style={{ marginTop: 16 }}>
          <Link to="/repairs/mine">
            <Button size="large">{t('report.myRequests')}</Button>
          </Link>
          <Button size="large" type="link" onClick={() => { setNote(''); setFiles([]); setPhotoProblems([]); open.reset(); }}>
            {t('report.again')}
          </Button>
        </Flex>
      </div>
    );
  }

  // The request goes first (one tap must never fail on a photo); the photos follow, each on its own.
  const send = (category: RepairCategory) =>
    open.mutate(
      { category, ...(note.trim() && { note: note.trim() }) },
      {
        onSuccess: (r) => {
          void (async () => {
            const problems: string[] = [];
            for (const f of files) {
              await uploadPhoto(r.id, 'report', f).catch((e: unknown) => problems.push(t('report.photoFailed', { name: f.name, reason: errorText(e) })));
            }
            setPhotoProblems(problems);
          })();
        },
      },
    );
  return (
    <div style={{ maxWidth: 560, marginInline: 'auto' }}>
      <PageHeader title={t('report.title')} subtitle={t('report.subtitle')} />
      {open.error && <Alert type="error" showIcon message={errorText(open.error)} style={{ marginBottom: 12 }} />}
      <Spin spinning={open.isPending} description={t('report.sending')}>
        <Row gutter={[12, 12]}>
          {REPAIR_CATEGORIES.map((c) => (
            <Col key={c} span={12}>
              <Button
                block
                size="large"
                type={c === 'no_heat' || c === 'not_warm' ? 'primary' : 'default'}
                // Big targets for cold fingers and older eyes; they grow with large-text mode.
                style={{ height: '4.5em', fontSize: '1.25em', whiteSpace: 'normal' }}
                disabled={open.isPending}
                onClick={() => send(c)}
              >
                {t(`category.${c}`)}
              </Button>
            </Col>
          ))}
        </Row>
      </Spin>
      <Input.TextArea
        aria-label={t('report.noteLabel')}
        placeholder={`${t('report.noteLabel')}：${t('report.notePlaceholder')}`}
        value={note}
        maxLength={1000}
        autoSize={{ minRows: 2, maxRows: 5 }}
        onChange={(e) => setNote(e.target.value)}
        style={{ marginTop: 16 }}
      />
      <label style={{ display: 'block', marginTop: 12 }}>
        {t('report.photos')}
        <input
          type="file"
          accept="image/jpeg,image/png,image/webp"
          multiple
          data-testid="report-photos"
          style={{ display: 'block', marginTop: 4, fontSize: '1em' }}
          onChange={(e) => setFiles([...(e.target.files ?? [])].slice(0, 3))}
        />
      </label>
    </div>
  );
}
