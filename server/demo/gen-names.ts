/** Plausible synthetic Chinese names for the demo city (communities, villages, staff). */
import type { Rng } from './gen-random.ts';

const COMMUNITY_STEMS = [
  '新华', '东风', '胜利', '建设', '光明', '团结', '红旗', '和平', '幸福', '民主', '前进', '永安', '长青', '兴隆',
  '太平', '富民', '向阳', '友谊', '春华', '江南', '江北', '滨江', '玉皇', '站前', '钢城', '朝阳', '北山', '南山',
  '东岭', '西岭', '新兴', '繁荣', '康宁', '安居', '育才', '文化', '金山', '银河', '碧水', '佟江', '东岗', '西岗',
  '铁路', '电厂', '水泉', '德胜', '建华', '振兴', '新春', '东兴', '桃源', '丽景', '和谐', '锦江', '龙山', '凤鸣',
];
const VILLAGE_STEMS = [
  '王家', '李家', '张家', '刘家', '赵家', '孙家', '大荒沟', '小荒沟', '三道沟', '四道沟', '柳树', '榆树', '杨树',
  '东升', '红星', '新立', '永胜', '长岭', '太平沟', '大泉源', '青石', '果松', '二道岔', '黄泥河', '双岔', '石门',
  '北岔', '南岔', '大川', '小川', '古城', '板石', '西沟', '东沟', '碱厂', '大阳岔', '葫芦套', '马当', '梨树',
  '松林', '桦树', '六道沟', '八里哨', '高丽墓', '蚂蚁河', '大台', '平岗', '新开', '前进', '民主', '光华', '兴林',
];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎'.split('');
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建红志国文斌宇浩凯鑫海波宁亮东雪梅松林'.split('');

/** `count` distinct community (社区) or village (村) names. */
export function placeNames(rng: Rng, count: number, urban: boolean): string[] {
  const stems = rng.shuffle(urban ? COMMUNITY_STEMS : VILLAGE_STEMS);
  const suffix = urban ? '社区' : '村';
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const stem = stems[i % stems.length];
    const round = Math.floor(i / stems.length);
    names.push(round === 0 ? stem + suffix : `${stem}${['', '东', '西', '南', '北'][round % 5]}${suffix}`);
  }
  return names;
}

/** A synthetic person name (2–3 characters). */
export function personName(rng: Rng): string {
  const given = rng.chance(0.6) ? rng.pick(GIVEN) + rng.pick(GIVEN) : rng.pick(GIVEN);
  return rng.pick(SURNAMES) + given;
}

/** Short township name: the real name without 办事处 and parenthetical notes. */
export function shortTownshipName(real: string): string {
  return real.replace(/（[^）]*）/g, '').replace(/办事处$/, '').replace(/管理委员会$/, '');
}

/** Stem for a police station name: 东昌街道 → 东昌, 大泉源满族朝鲜族乡 → 大泉源. */
export function stationStem(townshipName: string): string {
  return townshipName.replace(/(满族|朝鲜族)+/g, '').replace(/(街道|镇|乡|经济技术开发区|经济开发区|开发区|新村)$/, '') || townshipName;
}
