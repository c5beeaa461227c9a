import { useEffect, useState } from 'react';
import { Alert, App, Button, Drawer, Form, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { useApplyFieldErrors } from '../../ui/formErrors.ts';
import { useNarrowScreen } from '../../ui/useNarrowScreen.ts';
import { useErrorText } from '../shell/errorText.ts';
import { ENTITY_FIELDS, type EntityPath, type EntityRow, type FieldDef } from './entities.ts';
import { useFieldWorkers, useSaveEntity } from './places.hooks.ts';
import { RefSelect } from './RefSelect.tsx';

type Values = Record<string, unknown>;

function FieldWorkerSelect(props: { value?: number | null; onChange?: (v: number | null) => void; id?: string }) {
  const workers = useFieldWorkers();
  return (
    <Select<number>
      id={props.id}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      value={props.value ?? undefined}
      onChange={(v) => props.onChange?.(v ?? null)}
      loading={workers.isLoading}
      options={workers.data?.items.map((w) => ({ value: w.id, label: `${w.name}${w.phone ? ` ${w.phone}` : ''}` }))}
    />
  );
}

function control(field: FieldDef, optionLabel: (option: string) => string) {
  switch (field.kind) {
    case 'ref':
      return <RefSelect path={field.ref} allowClear={!field.required} />;
    case 'fieldWorker':
      return <FieldWorkerSelect />;
    case 'enum':
      return <Select options={field.options.map((o) => ({ value: o, label: optionLabel(o) }))} />;
    case 'int':
      return <InputNumber min={1} precision={0} style={{ width: '100%' }} />;
    default:
      return <Input maxLength={100} />;
  }
}

/**
 * Create or edit one registry row. Empty optional fields are sent as null on edit (clearing
 * them) and left out on create; the server checks references, branch and uniqueness and its
 * problems are shown under the fields in the UI language.
 */
export function EntityDrawer({ path, row, open, onClose }: { path: EntityPath; row: EntityRow | undefined; open: boolean; onClose: () => void }) {
  const { t } = useTranslation('registry');
  const { message } = App.useApp();
  const narrow = useNarrowScreen();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const applyFieldErrors = useApplyFieldErrors();
  const save = useSaveEntity(path);
  const [problem, setProblem] = useState<string>();
  const fields = ENTITY_FIELDS[path];

  useEffect(() => {
    setProblem(undefined);
    form.resetFields();
    if (open && row) form.setFieldsValue(Object.fromEntries(fields.map((f) => [f.name, row[f.name] ?? undefined])));
  }, [open, row, form, fields]);

  const submit = (values: Values) => {
    const body: Values = {};
    for (const f of fields) {
      const raw = values[f.name];
      const empty = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
      if (empty) {
        if (row && !f.required) body[f.name] = null;
        continue;
      }
      body[f.name] = typeof raw === 'string' ? raw.trim() : raw;
    }
    setProblem(undefined);
    save.mutate(
      { id: row?.id, body },
      {
        onSuccess: () => {
          void message.success(t('places.saved'));
          onClose();
        },
        onError: (err) => {
          const unplaced = err instanceof ApiError ? applyFieldErrors(form, err) : [];
          setProblem([errorText(err), ...unplaced].join(' '));
        },
      },
    );
  };

  const title = row ? t('places.editTitle', { entity: t(`places.entities.${path}`) }) : t('places.createTitle', { entity: t(`places.entities.${path}`) });
  return (
    <Drawer open={open} onClose={onClose} size={narrow ? '100%' : 480} title={title}>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" onFinish={submit}>
        {fields.map((f) => (
          <Form.Item
            key={f.name}
            name={f.name}
            label={t(`places.fields.${f.name}` as 'places.fields.name')}
            rules={[
              ...(f.required ? [{ required: true, message: t('household.required') }] : []),
              ...(f.kind === 'text' && f.pattern ? [{ pattern: f.pattern, message: t(`places.patterns.${f.name}` as 'places.patterns.code') }] : []),
            ]}
          >
            {control(f, (o) => t(`places.options.${o}` as 'places.options.primary'))}
          </Form.Item>
        ))}
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('household.save')}
        </Button>
      </Form>
    </Drawer>
  );
}
