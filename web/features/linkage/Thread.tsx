import { App, Button, Card, Empty, Flex, Input, List, Tag, Typography, Upload } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, type PostMessage } from '../../../server/modules/linkage/linkage.contract.ts';
import { ApiError } from '../../api.ts';
import { useProblemText } from '../../ui/formErrors.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useMessages, usePostMessage } from './hooks.ts';

const time = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The group's thread: messages of both sides, live, with one small attachment per message. */
export function Thread({ groupId, canPost }: { groupId: number; canPost: boolean }) {
  const { t } = useTranslation('linkage');
  const { message } = App.useApp();
  const errorText = useErrorText();
  const problemText = useProblemText();
  const messages = useMessages(groupId);
  const post = usePostMessage(groupId);
  const [body, setBody] = useState('');
  const [file, setFile] = useState<File>();
  const [problem, setProblem] = useState<string>();

  const send = async () => {
    setProblem(undefined);
    const input: PostMessage = { body };
    if (file) input.attachment = { fileName: file.name, contentType: file.type || 'application/octet-stream', dataBase64: await toBase64(file) };
    post.mutate(input, {
      onSuccess: () => {
        setBody('');
        setFile(undefined);
      },
      onError: (e) => (e instanceof ApiError && e.fieldProblems.length ? setProblem(e.fieldProblems.map((p) => `${p.field}: ${problemText(p)}`).join('；')) : void message.error(errorText(e))),
    });
  };

  return (
    <Card size="small" title={t('group.thread')} data-testid="thread">
      <List
        size="small"
        dataSource={messages.data?.items ?? []}
        loading={messages.isLoading}
        locale={{ emptyText: <Empty description={t('group.empty')} /> }}
        renderItem={(m) => (
          <List.Item>
            <Flex vertical style={{ width: '100%' }}>
              <Flex gap={8} align="center" wrap>
                <Tag color={m.side === 'heating' ? 'orange' : 'blue'}>{t(`side.${m.side}`)}</Tag>
                <Typography.Text strong>{m.authorName}</Typography.Text>
                <Typography.Text type="secondary">{time(m.createdAt)}</Typography.Text>
              </Flex>
              <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>{m.body}</Typography.Paragraph>
              {m.repairRequestId !== null && <Link to={`/repairs/board`}>{t('group.request', { id: m.repairRequestId })}</Link>}
              {m.attachments.map((a) => (
                <a key={a.id} href={`/api/linkage/attachments/${a.id}`}>
                  <PaperClipOutlined /> {a.fileName} ({Math.ceil(a.sizeBytes / 1024)} KB)
                </a>
              ))}
            </Flex>
          </List.Item>
        )}
      />
      {canPost ? (
        <Flex vertical gap={8} style={{ marginTop: 12 }}>
          <Input.TextArea aria-label={t('group.placeholder')} placeholder={t('group.placeholder')} value={body} onChange={(e) => setBody(e.target.value)} rows={2} maxLength={2000} />
          <Flex gap={8} justify="space-between" wrap>
            <Upload
              accept={ATTACHMENT_TYPES.join(',')}
              maxCount={1}
              beforeUpload={(f) => {
                if (f.size > ATTACHMENT_MAX_BYTES) setProblem(t('group.attach'));
                else setFile(f);
                return false;
              }}
              onRemove={() => setFile(undefined)}
              fileList={file ? [{ uid: '1', name: file.name }] : []}
            >
              <Button icon={<PaperClipOutlined />}>{t('group.attach')}</Button>
            </Upload>
            <Button type="primary" disabled={!body.trim()} loading={post.isPending} onClick={() => void send()}>{t('group.post')}</Button>
          </Flex>
          {problem && <Typography.Text type="danger">{problem}</Typography.Text>}
        </Flex>
      ) : (
        <Typography.Text type="secondary">{t('group.notMember')}</Typography.Text>
      )}
    </Card>
  );
}
