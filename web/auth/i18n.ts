import i18n from 'i18next';

/**
 * The strings of the login page, user badge, audit and user pages, added to the app's
 * 'translation' namespace under `auth.*` (kept here so web/i18n/*.json stay the other
 * helpers' files).
 */
const zhCN = {
  auth: {
    loginTitle: '登录',
    loginHint: '请使用分配给本单位的账号登录。',
    username: '用户名',
    password: '密码',
    login: '登录',
    loggingIn: '正在登录…',
    logout: '退出',
    loading: '正在检查登录状态…',
    demoHint: '演示环境：演示账号见 data/demo-users.json（仅供演示）。',
    changeTitle: '请修改初始密码',
    changeHint: '这是一次性密码，继续使用前必须设置新密码（至少 10 位，不含用户名）。',
    currentPassword: '当前密码',
    newPassword: '新密码',
    repeatPassword: '再次输入新密码',
    mismatch: '两次输入的新密码不一致',
    save: '保存',
    readOnly: '只读',
    roleLabel: '角色',
    audit: '审计日志',
    users: '账号管理',
    role: {
      admin: '系统管理员',
      'civil-affairs': '民政',
      'police-station': '派出所',
      leadership: '领导',
    },
    city: '全市',
    auditPage: {
      title: '审计日志',
      user: '用户',
      entity: '对象',
      action: '操作',
      from: '起',
      to: '止',
      filter: '筛选',
      at: '时间',
      ip: '地址',
      summary: '摘要',
      more: '更多',
      empty: '没有符合条件的记录',
      denied: '只有管理员和领导可以查看审计日志',
    },
    usersPage: {
      title: '账号管理',
      create: '新建账号',
      displayName: '姓名/单位',
      scope: '范围（县市区代码、派出所编号或 city）',
      disabled: '已停用',
      disable: '停用',
      enable: '启用',
      reset: '重置密码',
      newPasswordIs: '一次性密码（只显示这一次）：',
      denied: '只有管理员可以管理账号',
    },
  },
};

const en: typeof zhCN = {
  auth: {
    loginTitle: 'Log in',
    loginHint: 'Log in with the account issued to your unit.',
    username: 'Username',
    password: 'Password',
    login: 'Log in',
    loggingIn: 'Logging in…',
    logout: 'Log out',
    loading: 'Checking your session…',
    demoHint: 'Demo installation: demo accounts are listed in data/demo-users.json (demo only).',
    changeTitle: 'Change your one-time password',
    changeHint: 'This password was for one use only; set a new one (at least 10 characters, not containing the username).',
    currentPassword: 'Current password',
    newPassword: 'New password',
    repeatPassword: 'Repeat the new password',
    mismatch: 'The new passwords differ',
    save: 'Save',
    readOnly: 'read-only',
    roleLabel: 'Role',
    audit: 'Audit log',
    users: 'Accounts',
    role: {
      admin: 'Administrator',
      'civil-affairs': 'Civil affairs',
      'police-station': 'Police station',
      leadership: 'Leadership',
    },
    city: 'city-wide',
    auditPage: {
      title: 'Audit log',
      user: 'User',
      entity: 'Entity',
      action: 'Action',
      from: 'From',
      to: 'To',
      filter: 'Filter',
      at: 'Time',
      ip: 'Address',
      summary: 'Summary',
      more: 'More',
      empty: 'No matching entries',
      denied: 'Only admins and leadership can read the audit log',
    },
    usersPage: {
      title: 'Accounts',
      create: 'New account',
      displayName: 'Name / unit',
      scope: 'Scope (county code, station id or city)',
      disabled: 'disabled',
      disable: 'Disable',
      enable: 'Enable',
      reset: 'Reset password',
      newPasswordIs: 'One-time password (shown only now):',
      denied: 'Only admins can manage accounts',
    },
  },
};

let added = false;
/** Adds the auth strings to i18next (idempotent). */
export function addAuthStrings(): void {
  if (added) return;
  added = true;
  i18n.addResourceBundle('zh-CN', 'translation', zhCN, true, false);
  i18n.addResourceBundle('en', 'translation', en, true, false);
}
addAuthStrings();
