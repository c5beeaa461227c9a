import { useEffect, useState } from 'react';
import { Alert, App, Button, DatePicker, Drawer, Flex, Form, Input, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { RulebookView } from '../../../server/modules/rulebook/rulebook.api.contract.ts';
import type { Rules } from '../../../server/modules/rulebook/rulebook.contract.ts';
import { ApiError, type FieldProblem } from '../../api.ts';
import { useApplyFieldErrors, useProblemText } from '../../ui/formErrors.ts';
import { useNarrowScreen } from '../../ui/useNarrowScreen.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useCreateVersion } from './hooks.ts';

interface Values {
  effectiveFrom: Dayjs;
  note: string;
  rules: string;
}

interface Props {
  view: RulebookView;
  open: boolean;
  onClose: () => void;
}

/**
 * The whole rulebook as JSON, for changes the season form does not cover (a new tariff, new
 * tiers). The server checks it; its problems name JSON paths (rules.tariffs…), listed under the
 * editor since they cannot sit under a form field.
 */
export function VersionEditorDrawer({ view, open, onClose }: Props) {
  const { t } = useTranslation('rulebook');
  const { message } = App.useApp();
  const narrow = useNarrowScreen();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const applyFieldErrors = useApplyFieldErrors();
  const problemText = useProblemText();
  const create = useCreateVersion(view.city);
  const [problem, setProblem] = useState<{ text: string; list: FieldProblem[] }>();

  useEffect(() => {
    if (!open) return;
    setProblem(undefined);
    form.resetFields();
    form.setFieldsValue({ rules: JSON.stringify(view.rules, null, 2) });
  }, [open, form, view.rules]);

  const save = (v: Values) => {
    let rules: Rules;
    try {
      rules = JSON.parse(v.rules) as Rules;
    } catch (err) {
      form.setFields([{ name: 'rules', errors: [t('editor.badJson', { message: (err as Error).message })] }]);
      return;
    }
    setProblem(undefined);
    create.mutate(
      { effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'), note: v.note.trim(), rules },
      {
        onSuccess: (created) => {
          void message.success(t('editor.saved', { id: created.id }));
          onClose();
        },
        onError: (err) => {
          const list = err instanceof ApiError ? err.fieldProblems.filter((p) => p.field.startsWith('rules')) : [];
          if (err instanceof ApiError) applyFieldErrors(form, err);
          setProblem({ text: errorText(err), list });
        },
      },
    );
  };

  const required = [{ required: true, message: t('extension.required') }];
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={narrow ? '100%' : 760}
      title={t('editor.title')}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('extension.cancel')}</Button>
          <Button type="primary" onClick={() => form.submit()} loading={create.isPending}>
            {t('editor.save')}
          </Button>
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">{t('editor.help')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={save} onValuesChange={() => setProblem(undefined)}>
        <Flex gap={12} wrap>
          <Form.Item name="effectiveFrom" label={t('editor.effectiveFrom')} rules={required} extra={t('extension.effectiveFromHelp')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="note" label={t('editor.note')} rules={required} style={{ flex: 1, minWidth: 240 }}>
            <Input maxLength={500} />
          </Form.Item>
        </Flex>
        {problem && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            title={problem.text}
            description={
              problem.list.length > 0 && (
                <>
                  {t('editor.problems', { count: problem.list.length })}
                  <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                    {problem.list.map((p) => (
                      <li key={`${p.field}:${p.message}`}>
                        <Typography.Text code>{p.field}</Typography.Text> {problemText(p)}
                      </li>
                    ))}
                  </ul>
                </>
              )
            }
          />
        )}
        <Form.Item name="rules" label={t('editor.rules')} rules={required}>
          <Input.TextArea rows={24} spellCheck={false} style={{ fontFamily: 'monospace', fontSize: 12 }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
