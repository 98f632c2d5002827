console.log('commlab');
