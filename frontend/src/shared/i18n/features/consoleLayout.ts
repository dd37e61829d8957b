/** The console's frame on small screens (`consoleLayout.*` keys): English and Chinese texts,
 * merged into en.ts and zh-CN.ts. */
export const consoleLayoutEn = {
  openMenu: 'Open menu',
  menu: 'Menu',
};

export const consoleLayoutZh: typeof consoleLayoutEn = {
  openMenu: '打开菜单',
  menu: '菜单',
};
