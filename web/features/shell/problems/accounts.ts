/**
 * The accounts module's problems in the UI language: field rules, then top-level codes (see
 * ../i18n.ts). Roles and scope kinds are said with the shell's and the accounts pages' own words.
 */
const zh = {
  problems: {
    scope_not_for_role: '“$t(shell:roles.{{role}})”不能有“$t(accounts:users.scopeKinds.{{kind}})”范围',
    resident_needs_household: '居民须至少绑定一户',
    manager_needs_company: '物业人员须选择所属物业公司',
    no_password_for_residents: '居民用手机验证码登录，不设用户名和密码',
    own_account: '请另一位系统管理员停用',
  },
  apiErrors: {
    invalid_account: '账号信息有误，请检查标红的项目。',
    scopes_not_for_role: '权限范围与角色不符，请检查标红的项目。',
    cannot_deactivate_self: '不能停用自己的账号，请另一位系统管理员办理。',
  },
};

const en: typeof zh = {
  problems: {
    scope_not_for_role: 'A “$t(shell:roles.{{role}})” cannot have a “$t(accounts:users.scopeKinds.{{kind}})” scope',
    resident_needs_household: 'A resident needs at least one household',
    manager_needs_company: 'A property manager needs their property company',
    no_password_for_residents: 'Residents sign in with a code by phone: no username or password',
    own_account: 'Ask another administrator to deactivate it',
  },
  apiErrors: {
    invalid_account: 'The account is not valid; see the fields marked in red.',
    scopes_not_for_role: 'The scopes do not fit the role; see the fields marked in red.',
    cannot_deactivate_self: 'You cannot deactivate your own account; ask another administrator.',
  },
};

export default { zh, en };
