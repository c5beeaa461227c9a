import { useEffect, useState } from 'react';
import { Alert, App, Button, Drawer, Flex, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role, type Scope } from '../../../server/kernel/actor.ts';
import type { UserView } from '../../../server/modules/accounts/accounts.contract.ts';
import { ApiError } from '../../api.ts';
import { useApplyFieldErrors } from '../../ui/formErrors.ts';
import { useNarrowScreen } from '../../ui/useNarrowScreen.ts';
import { useErrorText } from '../shell/errorText.ts';
import { useCreateUser, useUpdateUser } from './hooks.ts';
import { ScopesEditor } from './ScopesEditor.tsx';

interface Values {
  role: Role;
  name: string;
  username?: string;
  password?: string;
  phone?: string;
  scopes: Scope[];
}

interface Props {
  /** 'new' to create an account, a user to edit it, undefined when closed. */
  target: UserView | 'new' | undefined;
  onClose: () => void;
}

/** Empty inputs mean "not given": the API rejects "" where it expects a phone or a password. */
function given(v: string | undefined): string | undefined {
  return v && v.trim() ? v.trim() : undefined;
}

/**
 * Create or edit an account. Staff sign in with username + password, residents with their
 * phone, so the sign-in fields follow the chosen role.
 */
export function UserDrawer({ target, onClose }: Props) {
  const { t } = useTranslation(['accounts', 'shell']);
  const { message } = App.useApp();
  const errorText = useErrorText();
  const applyFieldErrors = useApplyFieldErrors();
  const narrow = useNarrowScreen();
  const [form] = Form.useForm<Values>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const [problem, setProblem] = useState<string>();
  const editing = target !== undefined && target !== 'new' ? target : undefined;
  const role = Form.useWatch('role', form) ?? editing?.role;
  const resident = role === 'resident';

  useEffect(() => {
    if (!target) return;
    setProblem(undefined);
    form.resetFields();
    if (editing) form.setFieldsValue({ role: editing.role, name: editing.name, phone: editing.phone ?? undefined, scopes: editing.scopes });
  }, [target, editing, form]);

  const fail = (err: unknown) => {
    const unplaced = err instanceof ApiError ? applyFieldErrors(form, err) : [];
    const placedAll = err instanceof ApiError && err.fieldProblems.length > 0 && unplaced.length === 0;
    setProblem(placedAll ? undefined : [errorText(err), ...unplaced].join(' '));
  };

  const done = (text: string) => {
    void message.success(text);
    onClose();
  };

  const save = (v: Values) => {
    setProblem(undefined);
    if (editing) {
      const body = {
        id: editing.id,
        name: v.name,
        phone: given(v.phone) ?? null,
        scopes: v.scopes ?? [],
        ...(given(v.password) && { password: given(v.password) }),
      };
      update.mutate(body, { onSuccess: () => done(t('users.saved')), onError: fail });
    } else {
      const body = {
        role: v.role,
        name: v.name,
        scopes: v.scopes ?? [],
        ...(resident ? { phone: given(v.phone) } : { username: given(v.username), password: given(v.password) }),
      };
      create.mutate(body, { onSuccess: () => done(t('users.created')), onError: fail });
    }
  };

  const required = [{ required: true, whitespace: true, message: t('users.form.required') }];
  return (
    <Drawer
      open={target !== undefined}
      onClose={onClose}
      size={narrow ? '100%' : 480}
      title={editing ? t('users.form.editTitle', { name: editing.name }) : t('users.form.createTitle')}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('users.form.cancel')}</Button>
          <Button type="primary" onClick={() => form.submit()} loading={create.isPending || update.isPending}>
            {t('users.form.save')}
          </Button>
        </Flex>
      }
    >
      <Form form={form} layout="vertical" onFinish={save} initialValues={{ scopes: [] }} onValuesChange={() => setProblem(undefined)}>
        <Form.Item name="role" label={t('users.form.role')} rules={[{ required: true, message: t('users.form.required') }]}>
          <Select disabled={editing !== undefined} options={ROLES.map((r) => ({ value: r, label: t(`shell:roles.${r}`) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('users.form.name')} rules={required}>
          <Input maxLength={64} />
        </Form.Item>
        {!resident && !editing && (
          <Form.Item name="username" label={t('users.form.username')} extra={t('users.form.usernameHelp')} rules={required}>
            <Input autoComplete="off" maxLength={32} />
          </Form.Item>
        )}
        {!resident && (
          <Form.Item
            name="password"
            label={editing ? t('users.form.newPassword') : t('users.form.password')}
            extra={editing ? t('users.form.newPasswordHelp') : t('users.form.passwordHelp')}
            rules={editing ? [{ min: 8, message: t('users.form.passwordHelp') }] : [...required, { min: 8, message: t('users.form.passwordHelp') }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        {(resident || editing) && (
          <Form.Item name="phone" label={t('users.form.phone')} extra={resident ? t('users.form.phoneHelp') : undefined} rules={resident ? required : []}>
            <Input inputMode="numeric" maxLength={11} />
          </Form.Item>
        )}
        <Form.Item label={t('users.form.scopes')}>
          <ScopesEditor role={role} />
        </Form.Item>
        {problem && <Alert type="error" showIcon title={problem} />}
      </Form>
    </Drawer>
  );
}
