//! NIK and No. KK masking over a drawn frame: every run of twelve or more
//! digits on a row becomes "3171********0001", unless this session was
//! allowed to see that number whole. Done once over the finished buffer,
//! so a screen, a dialog or a notice cannot show one by forgetting.

use std::collections::HashSet;

use ratatui::buffer::Buffer;

use crate::domain::access::mask;

pub fn mask_buffer(buf: &mut Buffer, revealed: &HashSet<String>) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut run: Vec<u16> = Vec::new();
        for x in area.left()..=area.right() {
            let digit = x < area.right() && {
                let s = buf[(x, y)].symbol();
                s.len() == 1 && s.as_bytes()[0].is_ascii_digit()
            };
            if digit {
                run.push(x);
                continue;
            }
            if run.len() >= 12 {
                let number: String = run.iter().map(|&x| buf[(x, y)].symbol().to_string()).collect();
                // A number cut short by its column is whole for a revealed one it starts.
                if !revealed.iter().any(|r| r.starts_with(&number)) {
                    for (&x, c) in run.iter().zip(mask(&number).chars()) {
                        buf[(x, y)].set_char(c);
                    }
                }
            }
            run.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    #[test]
    fn long_numbers_are_masked_in_place_and_revealed_ones_stay() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 40, 2));
        buf.set_string(0, 0, "NIK 3175034101800001 RT 005", ratatui::style::Style::default());
        buf.set_string(0, 1, "3175030101000001 31750341018000", ratatui::style::Style::default());
        let revealed: HashSet<String> = ["3175030101000001".to_string()].into();
        mask_buffer(&mut buf, &revealed);
        let row = |y: u16| (0..40).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>();
        assert_eq!(row(0).trim_end(), "NIK 3175********0001 RT 005");
        assert_eq!(row(1).trim_end(), "3175030101000001 3175******8000");
    }
}
