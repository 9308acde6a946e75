import type { Gender, StudentType } from '@bulwark/contracts';

/** The people of the sample rosters: cohorts, names and home places, drawn with the roster's seed. */

export interface Cohort {
  type: StudentType;
  years: number[];
  classSize: number;
  code: string;
  label: string;
  digit: string;
}

export const cohorts: Record<StudentType, Cohort> = {
  undergraduate: {
    type: 'undergraduate',
    years: [2017, 2018, 2019, 2020],
    classSize: 30,
    code: 'ug',
    label: '本科',
    digit: '1',
  },
  master: {
    type: 'master',
    years: [2018, 2019, 2020],
    classSize: 35,
    code: 'ma',
    label: '硕士',
    digit: '2',
  },
  phd: {
    type: 'phd',
    years: [2016, 2017, 2018, 2019, 2020],
    classSize: 40,
    code: 'phd',
    label: '博士',
    digit: '3',
  },
  'full-time-mba': {
    type: 'full-time-mba',
    years: [2019, 2020],
    classSize: 45,
    code: 'mba-ft',
    label: '全日制MBA',
    digit: '4',
  },
  'part-time-mba': {
    type: 'part-time-mba',
    years: [2018, 2019, 2020],
    classSize: 50,
    code: 'mba-pt',
    label: '在职MBA',
    digit: '5',
  },
};

const surnames = Array.from('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹');
const givenNames = Array.from(
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉萍红鹏飞晨宇欣怡浩然子涵博文雪婷琳凯思雨佳嘉鑫',
);
const uyghurNames = [
  '阿依古丽·吐尔逊',
  '买买提·艾力',
  '古丽娜尔·阿不都',
  '艾尔肯·热合曼',
  '迪丽努尔·买合木提',
];

/** Where students sit out the lockdown; Hubei was the hard-hit area. Weights are rough shares. */
const places: [province: string, city: string, weight: number, riskArea: boolean][] = [
  ['Beijing', 'Beijing', 20, false],
  ['Tianjin', 'Tianjin', 3, false],
  ['Hebei', 'Shijiazhuang', 6, false],
  ['Hebei', 'Baoding', 3, false],
  ['Shandong', 'Jinan', 5, false],
  ['Shandong', 'Qingdao', 3, false],
  ['Henan', 'Zhengzhou', 6, false],
  ['Shanxi', 'Taiyuan', 3, false],
  ['Shaanxi', "Xi'an", 4, false],
  ['Hubei', 'Wuhan', 3, true],
  ['Hubei', 'Xiaogan', 1, true],
  ['Hubei', 'Huanggang', 1, true],
  ['Hunan', 'Changsha', 3, false],
  ['Jiangsu', 'Nanjing', 4, false],
  ['Zhejiang', 'Hangzhou', 4, false],
  ['Anhui', 'Hefei', 3, false],
  ['Guangdong', 'Guangzhou', 4, false],
  ['Guangdong', 'Shenzhen', 3, false],
  ['Sichuan', 'Chengdu', 4, false],
  ['Chongqing', 'Chongqing', 3, false],
  ['Liaoning', 'Shenyang', 3, false],
  ['Heilongjiang', 'Harbin', 2, false],
  ['Jilin', 'Changchun', 2, false],
  ['Yunnan', 'Kunming', 2, false],
  ['Guangxi', 'Nanning', 2, false],
  ['Fujian', 'Fuzhou', 2, false],
  ['Jiangxi', 'Nanchang', 2, false],
  ['Shanghai', 'Shanghai', 3, false],
  ['Inner Mongolia', 'Hohhot', 1, false],
  ['Gansu', 'Lanzhou', 1, false],
];
const huiPlaces: [string, string][] = [
  ['Ningxia', 'Yinchuan'],
  ['Ningxia', 'Wuzhong'],
  ['Gansu', 'Linxia'],
  ['Qinghai', 'Xining'],
  ['Henan', 'Zhengzhou'],
];
const totalPlaceWeight = places.reduce((sum, p) => sum + p[2], 0);

export interface SampleStudent {
  studentNumber: string;
  name: string;
  type: StudentType;
  classCode: string;
  gender: Gender;
  ethnicity: string;
  halal: boolean;
  phone: string;
  roomCode: string | null;
  province: string;
  city: string;
  riskArea: boolean;
}

/** The item at `index`, which the caller knows is in range. */
export function nth<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item ${index} of ${items.length}`);
  return item;
}

export function sampleStudent(
  cohort: Cohort,
  year: number,
  classCode: string,
  serial: number,
  random: () => number,
  pick: <T>(items: readonly T[]) => T,
): SampleStudent {
  const roll = random();
  const ethnicity =
    roll < 0.025
      ? 'Hui'
      : roll < 0.03
        ? 'Uyghur'
        : roll < 0.04
          ? 'Manchu'
          : roll < 0.05
            ? 'Mongol'
            : roll < 0.06
              ? 'Zhuang'
              : roll < 0.065
                ? 'Korean'
                : 'Han';
  const gender: Gender = random() < (cohort.type.endsWith('mba') ? 0.42 : 0.55) ? 'female' : 'male';
  const given = pick(givenNames) + (random() < 0.7 ? pick(givenNames) : '');
  const name =
    ethnicity === 'Uyghur'
      ? pick(uyghurNames)
      : (ethnicity === 'Hui' && random() < 0.5 ? '马' : pick(surnames)) + given;

  let province: string;
  let city: string;
  let riskArea = false;
  if (cohort.type === 'part-time-mba' && random() < 0.8) {
    [province, city] = ['Beijing', 'Beijing']; // in-service students work in the city
  } else if (ethnicity === 'Hui' && random() < 0.6) {
    [province, city] = pick(huiPlaces);
  } else if (ethnicity === 'Uyghur') {
    [province, city] = pick([
      ['Xinjiang', 'Urumqi'],
      ['Xinjiang', 'Kashgar'],
    ] as const);
  } else {
    let ticket = random() * totalPlaceWeight;
    const place = places.find((p) => (ticket -= p[2]) < 0) ?? nth(places, 0);
    [province, city, , riskArea] = place;
  }
  const mobile = `1${pick(['3', '5', '8', '9'])}${String(10000000 + ((serial * 7919) % 90000000)).padStart(9, '0')}`;
  return {
    studentNumber: `${year}${cohort.digit}${String(serial).padStart(6, '0')}`,
    name,
    type: cohort.type,
    classCode,
    gender,
    ethnicity,
    halal: ethnicity === 'Hui' || ethnicity === 'Uyghur',
    phone: random() < 0.1 ? `+86 ${mobile}` : mobile,
    roomCode: null,
    province,
    city,
    riskArea,
  };
}
