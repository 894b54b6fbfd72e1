// Which front end this build samples (exactly one). A build can also pass it with -D, e.g.
//   arduino-cli compile --build-property "build.extra_flags=-DMYOCUE_FRONT_END_ANALOG" …
#if !defined(MYOCUE_FRONT_END_ADS1299) && !defined(MYOCUE_FRONT_END_ANALOG)
#define MYOCUE_FRONT_END_ADS1299
// #define MYOCUE_FRONT_END_ANALOG
#endif
