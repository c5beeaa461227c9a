import { useState } from 'react';
import { App, Button, Card, Empty, Flex, Input, Popconfirm, Switch, Tag, Typography } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ValveTaskView } from '../../../server/modules/billing/arrears.contract.ts';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { formatFen } from '../../ui/money.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useCompleteValveTask, useValveTasks } from './agent.hooks.ts';

/** The steward's phone list of valve-close (关阀) and re-open (复开) tasks of their grid. */
export default function ValveTasksPage() {
  const { t } = useTranslation('billing');
  const errorText = useErrorText();
  const [showDone, setShowDone] = useState(false);
  const tasks = useValveTasks(showDone ? undefined : 'open');
  return (
    <div style={{ maxWidth: 640 }}>
      <PageHeader
        title={t('valve.title')}
        subtitle={t('valve.subtitle')}
        extra={
          <Flex gap={8} align="center">
            <Switch checked={showDone} onChange={setShowDone} aria-label={t('valve.showDone')} />
            <span>{t('valve.showDone')}</span>
          </Flex>
        }
      />
      {tasks.isLoading && <Loading label={t('valve.title')} />}
      {tasks.error && <ErrorState status="error" title={t('loadFailed')} description={errorText(tasks.error)} />}
      {tasks.data?.items.length === 0 && <Empty description={t('valve.none')} />}
      <Flex vertical gap={12}>
        {tasks.data?.items.map((task) => <TaskCard key={task.id} task={task} />)}
      </Flex>
    </div>
  );
}

function TaskCard({ task }: { task: ValveTaskView }) {
  const { t, i18n } = useTranslation('billing');
  const { message } = App.useApp();
  const errorText = useErrorText();
  const complete = useCompleteValveTask();
  const [note, setNote] = useState('');
  const kind = t(`valve.kind.${task.kind}`);
  return (
    <Card size="small" data-testid="valve-task" styles={{ body: { padding: 16 } }}>
      <Flex justify="space-between" align="flex-start" gap={8} wrap>
        <div style={{ minWidth: 0 }}>
          <Flex gap={8} align="center" wrap>
            <Tag color={task.kind === 'close' ? 'red' : 'green'} style={{ fontSize: 14 }}>{kind}</Tag>
            <Tag>{t(`valve.status.${task.status}`)}</Tag>
            <Typography.Text type="secondary">{task.season}</Typography.Text>
          </Flex>
          <Typography.Title level={5} style={{ margin: '8px 0 4px' }}>{task.address}</Typography.Title>
          <div>
            {task.holderName} · {task.accountNo} · {task.gridCode}
          </div>
          <Typography.Text type={task.owedFen > 0 ? 'danger' : 'success'}>
            {task.owedFen > 0 ? t('valve.owed', { amount: formatFen(task.owedFen, i18n.language) }) : t('valve.paid')}
          </Typography.Text>
          {task.note && <div><Typography.Text type="secondary">{task.note}</Typography.Text></div>}
        </div>
        <Flex vertical gap={8}>
          {task.phone && (
            <Button icon={<PhoneOutlined />} href={`tel:${task.phone}`}>{t('valve.call')}</Button>
          )}
          {task.status === 'open' && (
            <Popconfirm
              title={t('valve.confirm', { kind })}
              description={<Input placeholder={t('valve.note')} value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} />}
              onConfirm={() =>
                complete.mutate({ id: task.id, ...(note.trim() && { note: note.trim() }) }, { onError: (err) => void message.error(errorText(err)) })
              }
            >
              <Button type="primary" size="large" loading={complete.isPending}>{t('valve.done')}</Button>
            </Popconfirm>
          )}
        </Flex>
      </Flex>
    </Card>
  );
}
