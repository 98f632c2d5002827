import { MAX_RACE_ORDERS, parseRaceArgs, RACE_TRANSPORTS, RaceUsageError } from './race-args';

describe('parseRaceArgs', () => {
  it('races n orders of one unit over every transport by default', () => {
    expect(parseRaceArgs(['tee-black', '30'])).toEqual({
      sku: 'tee-black',
      orders: 30,
      transports: [...RACE_TRANSPORTS],
      quantity: 1,
      help: false,
    });
  });

  it('takes the transports (each once, in the order given), a quantity and a base URL', () => {
    expect(
      parseRaceArgs([
        'mug-red',
        '12',
        '--transports',
        'kafka,async,kafka',
        '--quantity',
        '3',
        '--base-url',
        'http://127.0.0.1:23000/',
      ]),
    ).toEqual({
      sku: 'mug-red',
      orders: 12,
      transports: ['kafka', 'async'],
      quantity: 3,
      baseUrl: 'http://127.0.0.1:23000',
      help: false,
    });
  });

  it('races async orders in both saga styles: async (orchestrated) and choreography', () => {
    expect(RACE_TRANSPORTS).toEqual(expect.arrayContaining(['async', 'choreography']));
    expect(parseRaceArgs(['mug-red', '4', '--transports', 'choreography,async'])).toMatchObject({
      transports: ['choreography', 'async'],
    });
  });

  it('answers --help whatever else is there', () => {
    expect(parseRaceArgs(['--help', 'x'])).toMatchObject({ help: true });
    expect(parseRaceArgs(['-h'])).toMatchObject({ help: true });
  });

  it.each([
    [[], 'needs a SKU and a number of orders'],
    [['tee-black'], 'needs a SKU and a number of orders'],
    [['tee-black', '3', '4'], 'unexpected argument "4"'],
    [['Tee Black', '3'], 'the SKU must be lowercase letters, digits and dashes'],
    [['tee-black', 'many'], '<n> must be a whole number from 1 to 2000; got "many"'],
    [['tee-black', '0'], '<n> must be a whole number from 1 to 2000'],
    [['tee-black', String(MAX_RACE_ORDERS + 1)], '<n> must be a whole number from 1 to 2000'],
    [['tee-black', '3', '--quantity', '0'], '--quantity must be a whole number from 1 to 10000'],
    [['tee-black', '3', '--quantity', '1.5'], '--quantity must be a whole number'],
    [['tee-black', '3', '--transports', 'rest,smtp'], 'unknown transport "smtp" in --transports'],
    [['tee-black', '3', '--transports', ''], 'unknown transport "" in --transports'],
    [
      ['tee-black', '3', '--transports', 'choreographed'],
      'unknown transport "choreographed" in --transports',
    ],
    [['tee-black', '3', '--base-url', 'localhost:3000'], '--base-url must be an http(s) URL'],
    [['tee-black', '3', '--base-url', 'ftp://127.0.0.1'], '--base-url must be an http(s) URL'],
    [['tee-black', '3', '--orders', '5'], "Unknown option '--orders'"],
  ])('refuses %j', (argv, message) => {
    expect(() => parseRaceArgs(argv)).toThrow(RaceUsageError);
    expect(() => parseRaceArgs(argv)).toThrow(message);
  });
});
