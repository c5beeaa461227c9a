/** Strings of the app frame: navigation, top bar, roles, error pages, API error codes. */
const zh = {
  appName: '供暖管家',
  loading: '正在加载…',
  nav: { main: '主导航', menu: '菜单', home: '首页' },
  roles: {
    resident: '居民',
    steward: '供暖管家（热力网格员）',
    crew_lead: '班组长',
    clerk: '经营科',
    dispatcher: '客服',
    liaison: '社区网格员',
    property_manager: '物业',
    admin: '系统管理员',
  },
  prefs: {
    language: '切换语言',
    zh: '中文',
    en: 'English',
    largeText: '大字模式',
  },
  user: { menu: '我的账户', signOut: '退出登录' },
  comingSoon: '即将上线',
  fieldInvalid: '格式不正确',
  notFound: { title: '页面不存在', description: '您访问的地址不存在或已被移动。', home: '回到首页' },
  forbidden: { title: '无权访问', description: '您的角色不能使用这个页面。如需开通，请联系系统管理员。' },
  crashed: {
    title: '页面出错了',
    description: '很抱歉，页面遇到了问题。请刷新重试；如果问题仍然存在，请联系客服。',
    outdated: '系统刚刚更新，请刷新页面以加载新版本。',
    reload: '刷新页面',
  },
  apiErrors: {
    network: '无法连接服务器，请检查网络后重试。',
    bad_credentials: '用户名或密码错误。',
    bad_code: '验证码错误或已过期，请重新获取。',
    too_many_requests: '操作太频繁，请 {{seconds}} 秒后再试。',
    session_expired: '登录已过期，请重新登录。',
    unauthorized: '请先登录。',
    forbidden: '您没有权限执行此操作。',
    csrf: '页面已过期，请刷新后重试。',
    duplicate: '已被占用，请换一个。',
    invalid: '填写的信息有误，请检查标红的项目。',
    validation_failed: '填写的信息有误，请检查标红的项目。',
    not_found: '要找的记录不存在。',
    internal: '服务器出错了，我们已记录，请稍后再试。',
  },
};

const en: typeof zh = {
  appName: 'Heat Steward',
  loading: 'Loading…',
  nav: { main: 'Main navigation', menu: 'Menu', home: 'Home' },
  roles: {
    resident: 'Resident',
    steward: 'Heating steward',
    crew_lead: 'Crew lead',
    clerk: 'Office clerk',
    dispatcher: 'Hotline agent',
    liaison: 'Community liaison',
    property_manager: 'Property manager',
    admin: 'Administrator',
  },
  prefs: {
    language: 'Change language',
    zh: '中文',
    en: 'English',
    largeText: 'Large text',
  },
  user: { menu: 'My account', signOut: 'Sign out' },
  comingSoon: 'Coming soon',
  fieldInvalid: 'Not in the right format',
  notFound: { title: 'Page not found', description: 'The address does not exist or has moved.', home: 'Back to home' },
  forbidden: { title: 'No access', description: 'Your role cannot use this page. Ask an administrator if you need it.' },
  crashed: {
    title: 'Something went wrong',
    description: 'Sorry, this page ran into a problem. Reload to try again; if it keeps happening, call the hotline.',
    outdated: 'The app was just updated. Reload the page to get the new version.',
    reload: 'Reload page',
  },
  apiErrors: {
    network: 'Cannot reach the server. Check your connection and try again.',
    bad_credentials: 'Wrong username or password.',
    bad_code: 'The code is wrong or has expired. Ask for a new one.',
    too_many_requests: 'Too many attempts. Try again in {{seconds}} s.',
    session_expired: 'Your session has expired. Please sign in again.',
    unauthorized: 'Please sign in first.',
    forbidden: 'You are not allowed to do this.',
    csrf: 'This page is out of date. Reload and try again.',
    duplicate: 'Already taken; choose another.',
    invalid: 'Some entries are not valid; see the fields marked in red.',
    validation_failed: 'Some entries are not valid; see the fields marked in red.',
    not_found: 'The record was not found.',
    internal: 'Something went wrong on our side. It has been logged; please try again later.',
  },
};

export default { zh, en };

declare module 'i18next' {
  interface ResourceNamespaceMap {
    shell: typeof zh;
  }
}
