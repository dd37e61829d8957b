/** The console's frame on small screens, and what the order board tells screen readers while
 * a card is dragged (`consoleLayout.*` keys): English and Chinese texts, merged into en.ts and
 * zh-CN.ts. */
export const consoleLayoutEn = {
  openMenu: 'Open menu',
  menu: 'Menu',
  board: {
    card: 'order {{number}} ({{customer}}, {{status}})',
    column: 'the {{status}} column',
    instructions:
      'To pick up an order card, press Space or Enter. Use the arrow keys to move it to another column, Space or Enter to drop it there, Escape to cancel.',
    pickedUp: 'Picked up {{card}}.',
    over: '{{card}} is over {{place}}.',
    notOver: '{{card}} is no longer over a column.',
    dropped: '{{card}} was dropped on {{place}}.',
    droppedNowhere: '{{card}} was dropped outside the columns.',
    cancelled: 'Moving {{card}} was cancelled.',
    scrollLeft: 'Show the columns on the left',
    scrollRight: 'Show the columns on the right',
  },
};

export const consoleLayoutZh: typeof consoleLayoutEn = {
  openMenu: '打开菜单',
  menu: '菜单',
  board: {
    card: '订单 {{number}}（{{customer}}，{{status}}）',
    column: '“{{status}}”列',
    instructions:
      '按空格键或回车键拿起订单卡片，用方向键移到其他列，再按空格键或回车键放下，按 Esc 取消。',
    pickedUp: '已拿起{{card}}。',
    over: '{{card}}位于{{place}}上方。',
    notOver: '{{card}}已不在任何列上方。',
    dropped: '{{card}}已放到{{place}}。',
    droppedNowhere: '{{card}}被放在了列之外。',
    cancelled: '已取消移动{{card}}。',
    scrollLeft: '显示左侧的列',
    scrollRight: '显示右侧的列',
  },
};
