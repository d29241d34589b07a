const url = `http://127.0.0.1:${process.env.PORT}`;
const probe = await fetch(`${url}/api/coverage?level=county`);
console.log('probe', probe.status, (await probe.text()).slice(0, 100));
