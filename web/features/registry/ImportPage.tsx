import { Alert, Button, Card, Flex, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ImportProblem, ImportReport } from '../../../server/modules/registry/registry.contract.ts';
import { ApiError } from '../../api.ts';
import { useProblemText } from '../../ui/formErrors.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { useErrorText } from '../shell/errorText.ts';
import { TEMPLATE_URL, useImportHouseholds } from './hooks.ts';

/** A 422 import_rejected carries the whole report (every bad row) in its details. */
function rejectedReport(err: unknown): ImportReport | undefined {
  return err instanceof ApiError && err.code === 'import_rejected' ? (err.details as ImportReport) : undefined;
}

function Applied({ report }: { report: ImportReport }) {
  const { t } = useTranslation('registry');
  return (
    <Alert
      type="success"
      showIcon
      title={t('import.applied', { fileName: report.fileName })}
      description={t('import.appliedDetail', {
        rows: report.rows,
        inserted: report.inserted,
        updated: report.updated,
        unchanged: report.unchanged,
        buildings: report.buildingsCreated,
        entrances: report.entrancesCreated,
      })}
    />
  );
}

function Rejected({ report }: { report: ImportReport }) {
  const { t } = useTranslation('registry');
  const problemText = useProblemText();
  return (
    <Card>
      <Alert
        type="error"
        showIcon
        title={t('import.rejected', { count: report.badRows })}
        description={report.problemsTruncated ? `${t('import.rejectedDetail')} ${t('import.truncated')}` : t('import.rejectedDetail')}
        action={
          report.reportUrl && (
            <Button icon={<DownloadOutlined />} href={report.reportUrl} download>
              {t('import.downloadProblems')}
            </Button>
          )
        }
        style={{ marginBottom: 16 }}
      />
      <Table<ImportProblem>
        size="small"
        rowKey={(p) => `${p.row}:${p.column}:${p.rule ?? p.message}`}
        dataSource={report.problems}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('import.columns.row'), dataIndex: 'row', width: 80 },
          { title: t('import.columns.column'), dataIndex: 'column', width: 140 },
          { title: t('import.columns.value'), dataIndex: 'value', width: 180, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('import.columns.message'), key: 'message', render: (_: unknown, p: ImportProblem) => problemText(p) },
        ]}
      />
    </Card>
  );
}

/**
 * Upload a household file (docs/import-format.md). All rows or none: the answer is either the
 * counts, or every bad row with its column, value and reason, also downloadable for Excel.
 */
export default function ImportPage() {
  const { t } = useTranslation('registry');
  const errorText = useErrorText();
  const upload = useImportHouseholds();
  const rejected = rejectedReport(upload.error);

  return (
    <>
      <PageHeader
        title={t('import.title')}
        subtitle={t('import.subtitle')}
        extra={
          <Button icon={<DownloadOutlined />} href={TEMPLATE_URL} download>
            {t('import.template')}
          </Button>
        }
      />
      <Flex vertical gap={16}>
        <Upload.Dragger
          accept=".xlsx,.csv"
          multiple={false}
          showUploadList={false}
          disabled={upload.isPending}
          // The file goes up through the mutation, not antd's own XHR, to keep one error path.
          beforeUpload={(file) => {
            upload.mutate(file);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{upload.isPending ? t('import.uploading') : t('import.pick')}</p>
          <p className="ant-upload-hint">{t('import.pickHint')}</p>
        </Upload.Dragger>
        {upload.data && <Applied report={upload.data} />}
        {rejected && <Rejected report={rejected} />}
        {upload.isError && !rejected && <Alert type="error" showIcon title={t('import.failed')} description={errorText(upload.error)} />}
      </Flex>
    </>
  );
}
