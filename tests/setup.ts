import fc from 'fast-check';

// Property tests are reproducible by default, so CI never fails on a fresh random draw.
// Explore new inputs with FC_SEED=<number>; a failure prints the seed and path to replay it.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20_261_122) });
